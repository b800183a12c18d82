//! JSON-RPC framing for the language server: `Content-Length`-headed messages, read with
//! bounded memory and no trust in the peer.
//!
//! Limits: a header line is at most [`MAX_HEADER_LINE`] bytes and a body at most
//! [`MAX_MESSAGE_BYTES`]; a larger body is read and discarded in chunks, never allocated.
//! Header lines may end in CRLF (as the protocol says) or a bare LF. Anything wrong with one
//! message is reported as [`Frame::Malformed`] and reading goes on with the next.

use std::io::{self, BufRead, Read, Write};

/// The largest message body accepted. Documents are refused above 16 MiB
/// (`engine::MAX_FILE_BYTES`); this leaves room for JSON escaping around one.
pub const MAX_MESSAGE_BYTES: u64 = 32 * 1024 * 1024;

/// The longest header line accepted; real headers are a few dozen bytes.
pub const MAX_HEADER_LINE: usize = 1024;

/// At most this many header lines per message (the protocol defines two).
const MAX_HEADER_LINES: usize = 16;

/// One message read from the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A message body, not yet parsed.
    Body(Vec<u8>),
    /// A message that could not be framed, with the reason; it has been skipped.
    Malformed(String),
    /// A message over [`MAX_MESSAGE_BYTES`], with its length; it has been skipped.
    TooLarge(u64),
}

/// Reads the next message; `Ok(None)` at the end of the stream (also in the middle of a
/// message: the client is gone).
pub fn read_frame<R: BufRead>(reader: &mut R) -> io::Result<Option<Frame>> {
    let mut length: Option<u64> = None;
    let mut problem: Option<String> = None;
    let mut header_lines = 0;
    loop {
        let Some(line) = read_header_line(reader)? else {
            // End of stream: a partial header block is reported, then the end.
            return Ok(problem.map(Frame::Malformed));
        };
        let line = match line {
            HeaderLine::Text(line) => line,
            HeaderLine::TooLong => {
                problem.get_or_insert_with(|| {
                    format!("header line longer than {MAX_HEADER_LINE} bytes")
                });
                header_lines += 1;
                continue;
            }
        };
        if line.is_empty() {
            if header_lines == 0 {
                // Stray blank lines between messages are harmless.
                continue;
            }
            break;
        }
        header_lines += 1;
        if header_lines > MAX_HEADER_LINES {
            problem.get_or_insert_with(|| format!("more than {MAX_HEADER_LINES} header lines"));
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            problem.get_or_insert_with(|| format!("not a header line: {}", preview(&line)));
            continue;
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<u64>() {
                Ok(n) => length = Some(n),
                Err(_) => {
                    problem.get_or_insert_with(|| {
                        format!("invalid Content-Length: {}", preview(value.trim()))
                    });
                }
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Malformed(problem.unwrap_or_else(|| {
            "message without a Content-Length header".into()
        }))));
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped = io::copy(&mut reader.take(length), &mut io::sink())?;
        if skipped < length {
            return Ok(None);
        }
        return Ok(Some(Frame::TooLarge(length)));
    }
    // Grows with what actually arrives: a large Content-Length alone allocates nothing.
    let mut body = Vec::new();
    reader.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(None);
    }
    Ok(Some(match problem {
        Some(p) => Frame::Malformed(p),
        None => Frame::Body(body),
    }))
}

enum HeaderLine {
    Text(String),
    TooLong,
}

/// One header line without its line ending; `None` at the end of the stream. Reads at most
/// [`MAX_HEADER_LINE`] bytes into memory; the rest of a longer line is discarded.
fn read_header_line<R: BufRead>(reader: &mut R) -> io::Result<Option<HeaderLine>> {
    let mut line = Vec::new();
    let n = reader
        .by_ref()
        .take(MAX_HEADER_LINE as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        if line.len() <= MAX_HEADER_LINE {
            // The stream ended in the middle of a line.
            return Ok(None);
        }
        skip_line(reader)?;
        return Ok(Some(HeaderLine::TooLong));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(HeaderLine::Text(
        String::from_utf8_lossy(&line).into_owned(),
    )))
}

/// Discards input up to and including the next LF, in buffer-sized steps.
fn skip_line<R: BufRead>(reader: &mut R) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(at) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(at + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

/// The start of a bad header for a message: short and printable.
fn preview(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if s.chars().count() > 40 {
        out.push('\u{2026}');
    }
    format!("`{out}`")
}

/// Writes one message with its `Content-Length` header and flushes it.
pub fn write_frame<W: Write>(writer: &mut W, body: &[u8]) -> io::Result<()> {
    write!(writer, "Content-Length: {}\r\n\r\n", body.len())?;
    writer.write_all(body)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = io::BufReader::with_capacity(16, input);
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).unwrap() {
            out.push(frame);
        }
        out
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn reads_crlf_and_lf_headers() {
        let input = b"Content-Length: 2\r\nContent-Type: x\r\n\r\n{}content-length:  4\n\nnull";
        assert_eq!(frames(input), vec![body("{}"), body("null")]);
    }

    #[test]
    fn bad_headers_skip_one_message_and_reading_goes_on() {
        let long = format!("X-Long: {}\r\n", "a".repeat(MAX_HEADER_LINE * 3));
        let input = format!(
            "Content-Length: x\r\n\r\nno colon\r\n\r\n{long}Content-Length: 1\r\n\r\n1Content-Length: 2\r\n\r\n[]"
        );
        let got = frames(input.as_bytes());
        assert!(
            matches!(&got[0], Frame::Malformed(m) if m.contains("invalid Content-Length")),
            "{got:?}"
        );
        assert!(
            matches!(&got[1], Frame::Malformed(m) if m.contains("not a header")),
            "{got:?}"
        );
        assert!(
            matches!(&got[2], Frame::Malformed(m) if m.contains("longer than")),
            "{got:?}"
        );
        assert_eq!(got[3..], [body("[]")]);
    }

    #[test]
    fn oversized_bodies_are_skipped_without_allocating_them() {
        let big = MAX_MESSAGE_BYTES + 1;
        let mut input = format!("Content-Length: {big}\r\n\r\n").into_bytes();
        input.resize(input.len() + big as usize, b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let got = frames(&input);
        assert_eq!(got[0], Frame::TooLarge(big));
        assert_eq!(got[1..], [body("{}")]);
    }

    #[test]
    fn a_huge_content_length_with_a_short_body_is_the_end_of_the_stream() {
        // 100 GB announced, 2 bytes sent: nothing is allocated up front.
        assert_eq!(frames(b"Content-Length: 100000000000\r\n\r\n{}"), vec![]);
        assert_eq!(frames(b"Content-Length: 30000000\r\n\r\n{}"), vec![]);
        assert_eq!(frames(b"Content-Len"), vec![]);
    }
}

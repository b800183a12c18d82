#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::document::Format;

fuzz_target!(|data: &[u8]| {
    policylint_fuzz::check_parse(&String::from_utf8_lossy(data), Format::Text);
});

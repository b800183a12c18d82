"""Word lists the generators compose from. Written for this harness, not copied from the
repository's fixtures or vocabularies."""

COMPANY_WORDS = ["Northwind", "Bluefin", "Corvid", "Tallowmere", "Quillon", "Harborlight",
                 "Pinecrest", "Marlowe", "Ostravia", "Kestrelline", "Brightwater", "Sablefish",
                 "Copperleaf", "Fernhill", "Ironbark", "Mistralia", "Oakhollow", "Redshank",
                 "Wrenfield", "Saltmarsh", "Glimmerbay", "Thornbury", "Velvetine", "Amberlow"]
COMPANY_SECOND = ["Labs", "Software", "Digital", "Media", "Systems", "Studio", "Health",
                  "Analytics", "Games", "Outfitters", "Partners", "Works"]
LEGAL_SUFFIXES = ["Ltd", "Inc.", "LLC", "GmbH", "Limited", "B.V.", "Pty Ltd", "Corp.", "S.A."]

# (field words, field type)
FIELDS = [("company name", "company"), ("app name", "app"), ("business address", "address"),
          ("date of publication", "date"), ("insert date", "date"), ("email address", "email"),
          ("jurisdiction", "jurisdiction"), ("website url", "url"), ("phone number", "phone"),
          ("name of ad company", "company"), ("country", "jurisdiction"),
          ("effective date", "date"), ("contact email", "email"), ("state", "jurisdiction"),
          ("organisation name", "company"), ("product name", "app"), ("street address", "address")]
FIELD_PREFIXES = ["", "your ", "insert ", "enter "]

SHAPES = {
    "company": ["This service is operated by {P}.", '{P} ("we", "us", "our") respects your privacy.',
                "The controller of your personal data is {P}.", "All rights reserved by {P}."],
    "app": ["This policy applies to the {P} mobile application.",
            "When you use {P}, we collect the information described below.",
            "{P} is provided free of charge."],
    "address": ["Our postal address is {P}.", "You can write to us at {P}.", "Registered office: {P}"],
    "date": ["This policy is effective as of {P}.", "Last updated: {P}",
             "These terms were published on {P}."],
    "email": ["Email us at {P} with any questions.", "Contact: {P}",
              "Requests to delete data can be sent to {P}."],
    "jurisdiction": ["This policy is governed by the laws of {P}.",
                     "Disputes will be resolved in the courts of {P}."],
    "url": ["Read the full terms at {P}.", "Our cookie settings are at {P}."],
    "phone": ["Call us on {P}.", "Phone: {P}"],
}

VENDORS = [("Sentry", "to collect crash reports", "Crash reports are sent to {V}"),
           ("Mixpanel", "to measure how features are used", "Usage events are processed by {V}"),
           ("Paddle", "to sell subscriptions", "Payments are handled by {V}"),
           ("Amplitude", "for product analytics", "Product analytics are provided by {V}"),
           ("Intercom", "to answer support chats", "Support conversations are stored by {V}"),
           ("Twilio", "to send text messages", "Verification codes are delivered by {V}"),
           ("SendGrid", "to send e-mail", "Transactional e-mail is sent through {V}"),
           ("Mailchimp", "to send our newsletter", "Our newsletter is managed by {V}"),
           ("Hotjar", "to record how visitors use pages", "Session recordings are made by {V}"),
           ("Auth0", "to sign you in", "Sign-in is handled by {V}"),
           ("Zendesk", "to manage support tickets", "Support tickets are processed by {V}"),
           ("Braintree", "to process card payments", "Card payments are processed by {V}"),
           ("HubSpot", "to manage customer relationships", "Contact details are stored in {V}"),
           ("Algolia", "to power search", "Search queries are processed by {V}"),
           ("OpenAI", "to generate summaries", "The text you submit is processed by {V}"),
           ("Datadog", "to monitor our servers", "Server logs are sent to {V}")]
LIST_VENDORS = [("Stripe", "payment processing"), ("Postmark", "transactional e-mail"),
                ("Amazon Web Services", "hosting"), ("Cloudflare", "content delivery"),
                ("Google Analytics", "website analytics")]
LIBRARIES = ["React", "lodash", "bcrypt", "Passport", "jQuery", "Bootstrap", "NextAuth"]
# Company names a document may already use; documents that mention them are not used where a
# clean slate matters (unnamed-third-parties).
KNOWN_SERVICES = ["google", "facebook", "meta", "amazon", "aws", "microsoft", "azure", "apple",
                  "stripe", "paypal", "twitter", "linkedin", "youtube", "instagram", "mailchimp",
                  "sendgrid", "cloudflare", "shopify", "wordpress", "hubspot", "salesforce",
                  "zendesk", "intercom", "hotjar", "mixpanel", "segment", "sentry", "firebase",
                  "adobe", "oracle", "doubleclick", "criteo", "tiktok", "pinterest", "klaviyo",
                  "square", "braintree", "authorize.net", "twilio", "akamai", "heroku", "vimeo",
                  "godaddy", "squarespace", "wix", "addthis", "sharethis", "disqus", "gravatar",
                  "yahoo", "bing", "openai", "quantcast", "comscore", "nielsen", "zoom", "slack"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

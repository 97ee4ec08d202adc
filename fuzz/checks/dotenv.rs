//! `.env` parsing on arbitrary text: never panics, and every entry it returns has a name and a
//! line within the text. Shared by the `dotenv` fuzz target and the seeds test of locket-core.

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count();
    if let Ok(entries) = locket_core::dotenv::parse(text) {
        for entry in entries {
            assert!(!entry.name.is_empty(), "an entry without a name");
            assert!(
                (1..=lines).contains(&entry.line),
                "line {} of {lines}",
                entry.line
            );
        }
    }
}

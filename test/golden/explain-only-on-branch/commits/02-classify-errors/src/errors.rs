pub enum Kind {
    Io,
    Parse,
}

pub const WORKERS: usize = 8;

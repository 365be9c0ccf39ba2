pub struct Token(pub u64);

pub struct C(pub *const u8);
pub struct COk(pub String);

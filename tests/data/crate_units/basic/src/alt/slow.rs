pub struct Engine { p: u8 }

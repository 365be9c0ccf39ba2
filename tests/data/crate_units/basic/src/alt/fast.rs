pub struct Engine { p: *mut u8 }

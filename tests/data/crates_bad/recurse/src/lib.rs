macro_rules! forever { ($($t:tt)*) => { forever!($($t)* x); }; } // BROKEN
forever!(start); // BROKEN
pub struct Fine(pub u8);
pub struct NotFine(pub std::cell::Cell<u8>);

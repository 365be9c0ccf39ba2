pub struct Fine(pub u8);

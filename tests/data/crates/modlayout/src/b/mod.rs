pub mod d;
pub struct B(pub std::sync::Mutex<u8>);

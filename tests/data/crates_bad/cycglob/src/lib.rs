mod a { pub use super::b::*; }
mod b { pub use super::a::*; }
pub struct Real(pub std::rc::Rc<u8>);
pub struct Fine(pub u8);

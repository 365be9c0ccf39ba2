pub struct Bytes(pub std::sync::Arc<[u8]>);
pub struct Local(pub std::rc::Rc<[u8]>);
pub mod buf { pub struct Chain<A, B>(pub A, pub B); }
pub use buf::Chain;

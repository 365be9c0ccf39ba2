mod inner;
pub use self::inner::{Circle as Round, Square};
pub struct Tri { pts: [(f32, f32); 3] }
pub mod deep { pub mod deeper { pub struct Hidden { r: std::rc::Rc<()> } } pub use self::deeper::Hidden as Visible; }

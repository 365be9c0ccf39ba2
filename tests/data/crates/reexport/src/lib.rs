mod imp {
    pub mod deep {
        pub struct Node(pub std::rc::Rc<u8>);
        pub struct Leaf(pub u8);
        pub struct Gen<T>(pub T);
    }
}
pub mod api {
    pub use crate::imp::deep::Node;
    pub use crate::imp::deep::Leaf as Blade;
    pub mod more {
        pub use super::Node as Knot;
        pub use crate::imp::deep::*;
    }
}
pub use api::more::Knot;
pub use self::api::Blade;
pub use imp::deep::{Gen, Gen as Wrapper};

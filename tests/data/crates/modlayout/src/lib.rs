pub mod a;
mod b;
pub mod inline {
    pub mod deep {
        pub struct Deep(pub std::rc::Rc<u8>);
    }
    pub struct Shallow(pub u32);
}
pub struct Root(pub a::A, pub b::B);

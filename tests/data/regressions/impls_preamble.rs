struct Local(*const u8);
enum LocalE { A(*const u8) }
union LocalU { a: u8 }
struct G<T>(T);
trait Tr {}
// nightly: auto trait Mine {}

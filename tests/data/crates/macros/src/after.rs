wrapper!(WCell, std::cell::Cell<u8>);
wrapper!(WStr, String);

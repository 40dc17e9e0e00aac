//! Names the vendors conventionally give paging fields: the lint recognises an
//! operation that pages by them, and the importer declares its paging. The
//! RPC vendors write them in PascalCase, Huawei's REST API in snake_case.

/// Request fields holding a page number, counted from 1.
pub const PAGE_NUMBER: &[&str] = &["PageNum", "PageNo", "PageIndex", "PageNumber", "Page", "page"];
/// Request fields holding the offset of a page's first item, from 0.
pub const OFFSET: &[&str] = &["Offset", "offset"];
/// Request fields holding the page size.
pub const PAGE_SIZE: &[&str] = &["PageSize", "Limit", "Size", "limit", "size"];
/// Response fields holding the number of pages.
pub const TOTAL_PAGES: &[&str] = &["TotalPage", "TotalPages", "PageTotal"];
/// Response fields holding the number of items across all pages.
pub const TOTAL_ITEMS: &[&str] = &["TotalNum", "Total", "TotalCount", "total"];

/// Whether the operation's name says it lists or describes things.
pub fn lists(operation: &str) -> bool {
    operation.starts_with("Describe") || operation.starts_with("List")
}

//! Lazy streams over the pages of a paged operation, and over their elements.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt};

use super::client::{Protocol, Transport};
use super::error::{Error, PagingError};
use super::{Operation, PageStart, PageTotal, Paged};

/// The most pages one stream fetches. A service that keeps reporting more
/// pages than this is misbehaving; the stream ends with
/// [`PagingError::TooManyPages`] rather than run forever.
pub const MAX_PAGES: u32 = 10_000;

type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;

/// The pages of a paged operation, fetched one at a time as the stream is polled.
///
/// The stream starts where the request does (its page number, else page 1; or
/// its offset, else 0) and ends after the page the service's total marks as the
/// last (a number of pages, or of items), after an empty page, or after a page
/// with fewer items than asked for when the service reports no total.
///
/// It ends with an error, yielded as its last item, when it cannot finish: a
/// call failed (once each attempt allowed by the retry policy has failed),
/// the service answered a page with the items of the page before it
/// ([`PagingError::RepeatedPage`]), the total it reports more than doubled
/// since the first page ([`PagingError::GrowingTotal`]), or [`MAX_PAGES`]
/// pages were fetched and the service still reports more
/// ([`PagingError::TooManyPages`]). A stream that ends without an error has
/// seen the last page.
///
/// Read it with the inherent [`next`](Self::next) (no extra crate needed), or
/// as a `futures::Stream`; [`items`](Self::items) gives the elements instead:
///
/// ```no_run
/// use cloud_live::tencent_live::{Client, DescribeLivePackageInfoRequest, PackageType};
///
/// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
/// let request = DescribeLivePackageInfoRequest::builder().package_type(PackageType::Flux).build()?;
/// let mut pages = client.describe_live_package_info_pages(request.clone());
/// while let Some(page) = pages.next().await {
///     println!("{} packages on this page", page?.live_package_info_list.len());
/// }
/// let mut packages = client.describe_live_package_info_pages(request).items();
/// while let Some(package) = packages.next().await {
///     println!("{:?}", package?.id);
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages<O: Paged> {
    inner: BoxStream<'static, PageResult<O>>,
}

/// Where a paging stream is.
struct Cursor<P: Protocol, O: Paged> {
    transport: Transport<P>,
    request: O,
    position: u64,
    /// Pages fetched so far.
    fetched: u32,
    /// The items of the last page, to tell a repeated page.
    last: Vec<O::Item>,
    /// The total the first page reported.
    first_total: Option<PageTotal>,
}

/// What follows a page: another page, an error, or nothing.
enum Next<P: Protocol, O: Paged> {
    Page(Box<Cursor<P, O>>),
    Fail(PagingError),
    End,
}

impl<O: Paged> Pages<O> {
    #[allow(dead_code, reason = "called by the generated client of each paged operation; a spec set may have none")]
    pub(crate) fn new<P: Protocol>(transport: Transport<P>, request: O) -> Self {
        let position = request.position();
        let cursor = Cursor { transport, request, position, fetched: 0, last: Vec::new(), first_total: None };
        let inner = stream::unfold(Next::Page(Box::new(cursor)), |next| async move {
            let mut cursor = match next {
                Next::Page(cursor) => cursor,
                Next::Fail(e) => return Some((Err(Error::Paging(e)), Next::End)),
                Next::End => return None,
            };
            let request = cursor.request.at(cursor.position);
            let output = match cursor.transport.send(&request).await {
                Ok(output) => output,
                Err(e) => return Some((Err(e), Next::End)),
            };
            cursor.fetched += 1;
            match follow(cursor, request, &output) {
                // A repeated page is not yielded again.
                Next::Fail(e @ PagingError::RepeatedPage { .. }) => Some((Err(Error::Paging(e)), Next::End)),
                next => Some((Ok(output), next)),
            }
        });
        Pages { inner: inner.boxed() }
    }

    /// The next page, fetched now; `None` once the stream has ended. The
    /// same as `StreamExt::next`, without a crate to import:
    ///
    /// ```no_run
    /// # async fn run(client: cloud_live::tencent_live::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use cloud_live::tencent_live::DescribeLivePackageInfoRequest;
    ///
    /// let request = DescribeLivePackageInfoRequest::builder().package_type(0).build()?;
    /// let mut pages = client.describe_live_package_info_pages(request);
    /// while let Some(page) = pages.next().await {
    ///     for package in page?.live_package_info_list {
    ///         println!("{} {}", package.id, package.left);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn next(&mut self) -> Option<PageResult<O>> {
        StreamExt::next(&mut self.inner).await
    }

    /// The elements of every page, in order; an error ends the stream.
    pub fn items(self) -> Items<O> {
        let inner = self
            .inner
            .flat_map(|page| match page {
                Ok(output) => stream::iter(O::into_items(output).into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .boxed();
        Items { inner }
    }
}

impl<O: Paged> Stream for Pages<O> {
    type Item = PageResult<O>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paged> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").field("operation", &O::META.name).finish_non_exhaustive()
    }
}

/// The elements of every page of a paged operation; see [`Pages::items`].
pub struct Items<O: Paged> {
    inner: BoxStream<'static, Result<O::Item, Error<O::Error>>>,
}

impl<O: Paged> Items<O> {
    /// The next element, fetching the next page when the last one is used
    /// up; `None` once the stream has ended. The same as `StreamExt::next`,
    /// without a crate to import.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error<O::Error>>> {
        StreamExt::next(&mut self.inner).await
    }
}

impl<O: Paged> Stream for Items<O> {
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<O: Paged> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("operation", &O::META.name).finish_non_exhaustive()
    }
}

/// What follows the page `output`, which `request` fetched.
fn follow<P: Protocol, O: Paged>(mut cursor: Box<Cursor<P, O>>, request: O, output: &O::Output) -> Next<P, O> {
    let items = O::items(output);
    if !items.is_empty() && items == cursor.last.as_slice() {
        return Next::Fail(PagingError::RepeatedPage { page: cursor.fetched });
    }
    let count = |total: PageTotal| match total {
        PageTotal::Pages(n) | PageTotal::Items(n) => n,
    };
    match (cursor.first_total, O::total(output)) {
        (None, total) if cursor.fetched == 1 => cursor.first_total = total,
        (Some(first), Some(now)) if count(now) > count(first).saturating_mul(2).max(1) => {
            return Next::Fail(PagingError::GrowingTotal { first: count(first), now: count(now) });
        }
        _ => {}
    }
    let Some(next) = next_position(&request, cursor.position, output) else {
        return Next::End;
    };
    if cursor.fetched >= MAX_PAGES {
        return Next::Fail(PagingError::TooManyPages { pages: cursor.fetched });
    }
    cursor.last.clear();
    cursor.last.extend(items.iter().cloned());
    cursor.position = next;
    cursor.request = request;
    Next::Page(cursor)
}

/// Where the page after `output` starts, or `None` when `output` is the last.
fn next_position<O: Paged>(request: &O, position: u64, output: &O::Output) -> Option<u64> {
    let count = u64::try_from(O::items(output).len()).unwrap_or(u64::MAX);
    if count == 0 {
        return None;
    }
    let size = request.page_size();
    // This page's number counted from 1, and the first item after it, counted from 0.
    let (next, ordinal, seen) = match O::START {
        PageStart::Number => (position.checked_add(1)?, position, position.saturating_mul(size.unwrap_or(count))),
        PageStart::Index => {
            let ordinal = position.checked_add(1)?;
            (ordinal, ordinal, ordinal.saturating_mul(size.unwrap_or(count)))
        }
        PageStart::Offset => {
            let next = position.checked_add(count)?;
            (next, 0, next)
        }
    };
    let more = match O::total(output) {
        // Offset paging names no total of pages (the lint refuses it).
        Some(PageTotal::Pages(pages)) => ordinal < pages,
        Some(PageTotal::Items(items)) => seen < items,
        // No total: a full page may have a successor, a short one is the last.
        None => size.is_some_and(|size| count >= size),
    };
    more.then_some(next)
}

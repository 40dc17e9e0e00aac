//! Error enums: one per operation for the codes its page documents, and one
//! `CommonError` per service for the codes every operation can return.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::support::{doc, ident};
use crate::ir::{ErrorVariant, Operation, Service};

fn variant_docs(e: &ErrorVariant) -> TokenStream {
    let mut lines = e.doc.clone();
    lines.push(String::new());
    let mut fact = format!("Code `{}`", e.code);
    if let Some(status) = e.http_status {
        fact.push_str(&format!(", HTTP {status}"));
    }
    if let Some(n) = e.numeric_code {
        fact.push_str(&format!(", numeric code {n}"));
    }
    if e.retryable {
        fact.push_str("; retryable");
    }
    fact.push('.');
    lines.push(fact);
    doc(&lines)
}

/// The accessors both kinds of enum share; `extra` adds arms for the
/// non-code variants (`Common`, `Unhandled`).
struct Arms {
    meta: TokenStream,
    description: TokenStream,
    retryable: TokenStream,
}

fn accessors(name: &Ident, variants: &[ErrorVariant], arms: Arms) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|e| ident(&e.rust_name)).collect();
    let descriptions: Vec<String> = variants.iter().map(|e| e.doc.join(" ")).collect();
    let retryable: Vec<_> = variants.iter().filter(|e| e.retryable).map(|e| ident(&e.rust_name)).collect();
    let Arms { meta, description, retryable: retryable_extra } = arms;
    let meta_arm = if idents.is_empty() { quote!() } else { quote!(#(Self::#idents(meta))|* => meta,) };
    let retry = match (retryable.is_empty(), retryable_extra.is_empty()) {
        (true, true) => quote!(false),
        (false, true) => quote!(matches!(self, #(Self::#retryable(_))|*)),
        (true, false) => retryable_extra,
        (false, false) => quote!(matches!(self, #(Self::#retryable(_))|*) || #retryable_extra),
    };
    quote! {
        impl #name {
            /// The error code exactly as the service sent it.
            pub fn code(&self) -> &str {
                &self.meta().code
            }

            /// The service's message.
            pub fn message(&self) -> &str {
                &self.meta().message
            }

            /// The request id the service assigned to the failed call.
            pub fn request_id(&self) -> Option<&str> {
                self.meta().request_id.as_deref()
            }

            /// The documented meaning of the code, if the spec documents it.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #(Self::#idents(_) => Some(#descriptions),)*
                    #description
                }
            }

            /// Code, message, request id and HTTP status.
            pub fn meta(&self) -> &ErrorMeta {
                match self {
                    #meta_arm
                    #meta
                }
            }

            /// Whether the spec marks the code as worth retrying (throttling, transient faults).
            pub fn is_retryable(&self) -> bool {
                #retry
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.meta().display_with(self.description(), f)
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `CommonError` in a service module, when the service declares common codes.
pub fn common_error(service: &Service) -> Option<TokenStream> {
    if service.common_errors.is_empty() {
        return None;
    }
    let name = ident(crate::layout::COMMON_ERROR);
    let docs = doc(&[
        format!("Error codes every operation of {} can return.", service.title),
        String::new(),
        "Each operation's error enum holds these in its `Common` variant.".to_owned(),
    ]);
    let variants = &service.common_errors;
    let idents: Vec<_> = variants.iter().map(|e| ident(&e.rust_name)).collect();
    let codes: Vec<&str> = variants.iter().map(|e| e.code.as_str()).collect();
    let vdocs = variants.iter().map(variant_docs);
    let accessors = accessors(&name, variants, Arms { meta: quote!(), description: quote!(), retryable: quote!() });
    Some(quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #idents(ErrorMeta),)*
        }

        impl #name {
            /// Classifies a common code; gives the metadata back for any other code.
            pub(crate) fn classify(meta: ErrorMeta) -> Result<Self, ErrorMeta> {
                match meta.code.as_str() {
                    #(#codes => Ok(Self::#idents(meta)),)*
                    _ => Err(meta),
                }
            }
        }

        #accessors
    })
}

/// The error enum of one operation.
pub fn operation_error(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.error_type);
    let has_common = !service.common_errors.is_empty();
    let mut lines = vec![format!(
        "Errors of [`Client::{}`](super::Client::{}): the codes its page documents.",
        op.module, op.module
    )];
    lines.push(String::new());
    if has_common {
        lines.push("Codes every operation of the service can return arrive as `Common`; any other code as `Unhandled`. Match with a wildcard arm, and read any code with `code()`.".to_owned());
    } else {
        lines.push("A code not listed here arrives as `Unhandled`; match with a wildcard arm, and read the code with `code()`.".to_owned());
    }
    let docs = doc(&lines);
    let variants = &op.errors;
    let idents: Vec<_> = variants.iter().map(|e| ident(&e.rust_name)).collect();
    let codes: Vec<&str> = variants.iter().map(|e| e.code.as_str()).collect();
    let vdocs = variants.iter().map(variant_docs);
    let common = ident(crate::layout::COMMON_ERROR);
    let (common_variant, fallback, common_arms) = if has_common {
        (
            quote! {
                /// A code common to every operation of the service.
                Common(super::#common),
            },
            quote! {
                match super::#common::classify(meta) {
                    Ok(common) => Self::Common(common),
                    Err(meta) => Self::Unhandled(Unhandled::new(meta)),
                }
            },
            Arms {
                meta: quote!(Self::Common(common) => common.meta(), Self::Unhandled(unhandled) => unhandled.meta(),),
                description: quote!(Self::Common(common) => common.description(), Self::Unhandled(_) => None,),
                retryable: quote!(matches!(self, Self::Common(common) if common.is_retryable())),
            },
        )
    } else {
        (
            quote!(),
            quote!(Self::Unhandled(Unhandled::new(meta))),
            Arms {
                meta: quote!(Self::Unhandled(unhandled) => unhandled.meta(),),
                description: quote!(Self::Unhandled(_) => None,),
                retryable: quote!(),
            },
        )
    };
    let from_meta = if idents.is_empty() {
        fallback
    } else {
        quote! {
            match meta.code.as_str() {
                #(#codes => Self::#idents(meta),)*
                _ => #fallback,
            }
        }
    };
    let accessors = accessors(&name, variants, common_arms);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #idents(ErrorMeta),)*
            #common_variant
            /// A code this crate does not document for the operation.
            Unhandled(Unhandled),
        }

        impl ServiceError for #name {
            fn from_meta(meta: ErrorMeta) -> Self {
                #from_meta
            }

            fn meta(&self) -> &ErrorMeta {
                #name::meta(self)
            }

            fn is_retryable(&self) -> bool {
                #name::is_retryable(self)
            }
        }

        #accessors
    }
}

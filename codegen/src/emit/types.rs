//! Named types: structs and forward-compatible enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::support::{Written, doc, header, ident, inner_doc, render, rust_type};
use crate::ir::{EnumKind, EnumVariant, Field, Literal, NamedType, Service, TypeBody};

/// `src/<service>/types.rs`: types declared in `service.yaml` and `types.yaml`.
pub fn service_types_file(service: &Service) -> String {
    let inner = inner_doc(&[format!("Types shared by the operations of {}.", service.title)]);
    let imports = crate::layout::types_needs(service);
    let mut items = vec![crate::layout::use_items(crate::layout::TYPES_IMPORTS, service.protocol, imports)];
    items.extend(service.types.iter().map(named_type));
    let sources: Vec<&str> = std::iter::once(service.spec_file.as_str()).chain(service.types_file.as_deref()).collect();
    render(&header(&sources), inner, items.into_iter().map(|i| (Written::Repeated, i)).collect())
}

/// A named struct or enum.
pub fn named_type(t: &NamedType) -> TokenStream {
    match &t.body {
        TypeBody::Struct(fields) => data_struct(t, fields),
        TypeBody::Enum(EnumKind::String, variants) => string_enum(t, variants),
        TypeBody::Enum(EnumKind::Integer, variants) => integer_enum(t, variants),
    }
}

fn data_struct(t: &NamedType, fields: &[Field]) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = doc(&t.doc);
    let members = fields.iter().map(|f| data_field(f, true));
    let debug_members: Vec<(&str, bool, bool)> =
        fields.iter().map(|f| (f.rust_name.as_str(), f.is_optional(), f.sensitive)).collect();
    let (debug, impl_debug) = super::support::debug_for(&t.rust_name, &debug_members);
    let data: Vec<&Field> = fields.iter().collect();
    let decode = object_impl(&t.rust_name, &data, None);
    if t.sent {
        // Callers build what requests carry, with a struct literal.
        let default = fields.iter().all(Field::is_optional).then(|| quote!(Default,));
        return quote! {
            #docs
            #[derive(Clone, #debug #default PartialEq, Serialize)]
            pub struct #name {
                #(#members)*
            }

            #impl_debug

            #decode
        };
    }
    // `sent` types are built with a struct literal; the others, in tests, with this.
    let builder = t.test_builder().map(|_| super::operation::test_builder(&t.rust_name, &data, false));
    quote! {
        #docs
        #[derive(Clone, #debug PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#members)*
        }

        #impl_debug

        #decode

        #builder
    }
}

/// `Deserialize` for a struct of `fields`, through the runtime's `object::Object` (see there why not derived).
/// `rest` initialises the fields that are not members (a response's request id).
pub fn object_impl(type_name: &str, fields: &[&Field], rest: Option<TokenStream>) -> TokenStream {
    let name = ident(type_name);
    let wire: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    let locals: Vec<_> = fields.iter().map(|f| ident(&f.rust_name)).collect();
    let indices = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let reads = if fields.is_empty() {
        quote!(while object::next(&mut map_, Self::MEMBERS)?.is_some() {
            object::skip(&mut map_)?;
        })
    } else {
        quote!(while let Some(member_) = object::next(&mut map_, Self::MEMBERS)? {
            match member_ {
                #(#indices => object::take(&mut map_, &mut #locals, #wire)?,)*
                _ => object::skip(&mut map_)?,
            }
        })
    };
    let mut inits: Vec<TokenStream> = fields
        .iter()
        .zip(&locals)
        .map(|(f, local)| {
            let wire = &f.wire_name;
            if f.is_optional() {
                quote!(#local: object::optional(#local))
            } else {
                quote!(#local: object::required(#local, #wire)?)
            }
        })
        .collect();
    inits.extend(rest);
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl object::Object for #name {
            const NAME: &'static str = #type_name;
            const MEMBERS: &'static [&'static str] = &[#(#wire),*];

            fn visit<'de, A: object::MapAccess<'de>>(mut map_: A) -> Result<Self, A::Error> {
                #(let mut #locals = None;)*
                #reads
                Ok(Self { #(#inits),* })
            }
        }
    }
}

/// One field of a struct that is serialised (response data, named types) or
/// sent in a JSON body. `public` chooses `pub`.
pub fn data_field(f: &Field, public: bool) -> TokenStream {
    let docs = doc(&f.doc_lines());
    let name = ident(&f.rust_name);
    let ty = rust_type(&f.ty);
    let ty = if f.is_optional() { quote!(Option<#ty>) } else { ty };
    let wire = &f.wire_name;
    let mut serde_args = Vec::new();
    if crate::names::unraw(&f.rust_name) != wire {
        serde_args.push(quote!(rename = #wire));
    }
    if f.is_optional() {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde_attr = if serde_args.is_empty() { quote!() } else { quote!(#[serde(#(#serde_args),*)]) };
    let vis = if public { quote!(pub) } else { quote!() };
    quote! {
        #docs
        #serde_attr
        #vis #name: #ty,
    }
}

fn variant_docs(v: &EnumVariant, value: &str) -> TokenStream {
    let mut lines = v.doc.clone();
    lines.push(String::new());
    lines.push(format!("Wire value `{value}`."));
    doc(&lines)
}

fn forward_compat_doc(t: &NamedType, example: &str) -> TokenStream {
    let mut lines = t.doc.clone();
    lines.push(String::new());
    lines.push(format!(
        "Values this version does not know are kept in `{}::Unknown` and sent back unchanged; \
         match with a wildcard arm to stay compatible with values the service adds later.",
        t.rust_name
    ));
    lines.push(format!("Wire type: {example}."));
    doc(&lines)
}

fn string_enum(t: &NamedType, variants: &[EnumVariant]) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = forward_compat_doc(t, "string");
    let values: Vec<&str> = variants
        .iter()
        .map(|v| match &v.value {
            Literal::String(s) => s.as_str(),
            Literal::Integer(_) => unreachable!("validated: string enums hold strings"),
        })
        .collect();
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let vdocs = variants.iter().zip(&values).map(|(v, value)| variant_docs(v, value));
    let unknown_doc =
        format!(" A value not documented when this crate was generated; see [`{}::as_str`].", t.rust_name);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #idents,)*
            #[doc = #unknown_doc]
            Unknown(UnknownValue<String>),
        }

        impl #name {
            /// The documented values, in the order the page lists them.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value.get(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(UnknownValue::new(other.to_owned())),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// An unsuffixed integer literal; negative values as `-n`.
fn int_lit(n: i64) -> TokenStream {
    let abs = proc_macro2::Literal::u64_unsuffixed(n.unsigned_abs());
    if n < 0 { quote!(-#abs) } else { quote!(#abs) }
}

fn integer_enum(t: &NamedType, variants: &[EnumVariant]) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = forward_compat_doc(t, "integer");
    let values: Vec<i64> = variants
        .iter()
        .map(|v| match &v.value {
            Literal::Integer(n) => *n,
            Literal::String(_) => unreachable!("validated: integer enums hold integers"),
        })
        .collect();
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let vdocs = variants.iter().zip(&values).map(|(v, value)| variant_docs(v, &value.to_string()));
    let values: Vec<TokenStream> = values.iter().map(|v| int_lit(*v)).collect();
    let unknown_doc = format!(" A value not documented when this crate was generated; see [`{}::value`].", t.rust_name);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdocs #idents,)*
            #[doc = #unknown_doc]
            Unknown(UnknownValue<i64>),
        }

        impl #name {
            /// The documented values, in the order the page lists them.
            pub const VALUES: &'static [i64] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => *value.get(),
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(UnknownValue::new(other)),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.value(), f)
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

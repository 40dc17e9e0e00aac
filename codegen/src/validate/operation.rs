//! One operation: its names, HTTP shape, error codes and path template.

use std::collections::BTreeSet;

use super::*;

impl ServiceValidator<'_> {
    pub(super) fn errors(&mut self, file: &str, base: &str, codes: &[spec::ErrorCode]) -> Vec<ir::ErrorVariant> {
        let mut out: Vec<ir::ErrorVariant> = Vec::new();
        let mut variants = Variants::new(names::RESERVED_ERROR_VARIANTS, "undocumented codes");
        for (i, e) in codes.iter().enumerate() {
            let path = format!("{base}[{i}]");
            self.non_empty(file, &format!("{path}.description"), &e.description);
            if let Some(problem) = wire::error_code(&e.code) {
                self.err(file, format!("{path}.code"), problem, "write the code exactly as the service returns it");
                continue;
            }
            if let Some(status) = e.http_status {
                let problem = wire::http_status(status);
                let valid = problem.is_none();
                self.wire(
                    file,
                    &format!("{path}.http_status"),
                    problem,
                    "the status the service answers this code with",
                );
                if valid && self.service.spec.protocol == Protocol::TencentRpc && status != 200 {
                    self.err(
                        file,
                        format!("{path}.http_status"),
                        format!("Tencent Cloud answers every error with HTTP 200 and the code in `Response.Error`, not {status}"),
                        "remove `http_status:`",
                    );
                }
            }
            if out.iter().any(|o| o.code == e.code) {
                self.err(
                    file,
                    format!("{path}.code"),
                    format!("duplicate error code `{}`", e.code),
                    "each code appears once",
                );
                continue;
            }
            let named = match &e.rust_name {
                Some(r) => names::check_type_override(r).map(|()| r.clone()),
                None => names::type_name(&e.code),
            };
            let what = format!("error code `{}`", e.code);
            let Some(rust_name) = self.variant(file, &format!("{path}.code"), &mut variants, named, what) else {
                continue;
            };
            out.push(ir::ErrorVariant {
                code: e.code.clone(),
                rust_name,
                doc: docs::lines(&e.description),
                http_status: e.http_status,
                numeric_code: e.numeric_code,
                retryable: e.retryable,
            });
        }
        out
    }

    pub(super) fn operation(
        &mut self,
        op: &LoadedOperation,
        common_errors: &[ir::ErrorVariant],
    ) -> Option<ir::Operation> {
        let s = &op.spec;
        let file = op.file.as_str();
        let start = self.p.0.len();
        let (base_name, module) = match operation_names(s) {
            Ok(pair) => pair,
            Err(problem) => {
                self.err(
                    file,
                    "name",
                    format!("operation `{}` cannot be named in Rust: {problem}", s.name),
                    "choose a Rust name with `rust_name`",
                );
                return None;
            }
        };
        if let Some(why) = layout::reserved_operation_module(names::unraw(&module), &self.service.dir) {
            self.err(
                file,
                "name",
                format!("the operation's module `{module}` is taken by {why}"),
                "choose another Rust name with `rust_name`",
            );
        }
        let expected_file = format!("{}.yaml", s.name);
        if !file.ends_with(&format!("/{expected_file}")) {
            self.err(
                file,
                "name",
                format!("operation `{}` is in a file not named {expected_file}", s.name),
                "name each operation's file after the operation so reviewers find it",
            );
        }
        self.non_empty(file, "summary", &s.summary);
        self.non_empty(file, "description", &s.description);
        self.non_empty(file, "source.title", &s.source.title);
        self.wire(
            file,
            "source.page",
            wire::page_address(&s.source.page),
            "give the vendor page's public address (`https://...`), which the docs link to",
        );
        if let Some(m) = &s.source.metadata {
            self.non_empty(file, "source.metadata.package", &m.package);
            self.non_empty(file, "source.metadata.file", &m.file);
        }
        let legacy = s.legacy.as_ref();
        for (key, date) in [
            ("source.updated", s.source.updated.as_ref()),
            ("source.published", s.source.published.as_ref()),
            ("legacy.maintenance_ends", legacy.and_then(|l| l.maintenance_ends.as_ref())),
            ("legacy.docs_offline", legacy.and_then(|l| l.docs_offline.as_ref())),
            ("source.metadata.date", s.source.metadata.as_ref().map(|m| &m.date)),
        ] {
            if let Some(d) = date {
                self.wire(file, key, wire::date(d), "dates are written as the page shows them, `YYYY-MM-DD`");
            }
        }
        let [request_type, response_type, error_type, builder_type] =
            ["Request", "Response", "Error", "RequestBuilder"].map(|suffix| names::operation_item(&base_name, suffix));
        let response_builder_type = names::data_builder(&response_type);
        for item in [&request_type, &response_type, &error_type, &builder_type, &response_builder_type] {
            self.claim(file, "name", item, format!("operation `{}` in {file}", s.name));
        }
        let protocol = self.service.spec.protocol;
        let methods = wire::methods(protocol);
        if !methods.contains(&s.http.method) {
            let names: Vec<String> = methods.iter().map(|m| format!("`{}`", m.as_str())).collect();
            self.err(
                file,
                "http.method",
                format!("{} requests are not sent with {}", protocol.name(), s.http.method.as_str()),
                &format!("use {}, as the page's request example does", text::or_list(&names)),
            );
        }
        let path = match (protocol, &s.http.path) {
            (Protocol::HuaweiRest, Some(p)) => {
                let version = &self.service.spec.api_version;
                if let Err(problem) = wire::path_template(p) {
                    self.err(
                        file,
                        "http.path",
                        problem,
                        "write the path as the page documents it: `/v1/{project_id}/...`",
                    );
                } else if p.split('/').nth(1) != Some(version.as_str()) {
                    // The docs and the review name the service's version; a path of another
                    // version belongs in that version's service, as the SDKs' modules do.
                    self.err(
                        file,
                        "http.path",
                        format!("the path `{p}` is not under `/{version}/`, the API version of this service"),
                        "put the operation in the service of its API version: one service directory per version, \
                         as the official SDKs have one module per version",
                    );
                }
                p.clone()
            }
            (Protocol::HuaweiRest, None) => {
                self.err(
                    file,
                    "http.path",
                    "a REST operation needs a path template",
                    "add e.g. `path: /v1/{project_id}/stream/traffic`",
                );
                "/".to_owned()
            }
            (_, Some(_)) => {
                self.err(file, "http.path", "RPC operations are all sent to `/`", "remove `path:`");
                "/".to_owned()
            }
            (_, None) => "/".to_owned(),
        };
        if let Some(limit) = &s.rate_limit
            && limit.requests == 0
        {
            self.err(file, "rate_limit.requests", "a rate limit of 0 requests", "");
        }
        for (i, note) in s.notes.iter().enumerate() {
            self.note(file, &format!("notes[{i}]"), note);
        }
        let request = self.fields(file, "request", &s.request, Some(&module), Direction::Request(s.http.method));
        let response = self.fields(file, "response", &s.response, Some(&module), Direction::Data);
        let (rejected_request, rejected_response) = (rejected(&s.request, &request), rejected(&s.response, &response));
        self.check_path_params(file, &path, &request, &rejected_request);
        let types = self.lower_types(file, Some(&module), &s.types);

        let mut errors = self.errors(file, "errors", &s.errors);
        // A common code the page lists itself is the operation's own variant,
        // with the page's description and the service's retryability.
        for e in &mut errors {
            if let Some(common) = common_errors.iter().find(|c| c.code == e.code) {
                e.retryable |= common.retryable;
            }
        }

        let rules = self.rules(file, s, &request, &rejected_request);
        let paging = s.paging.as_ref().and_then(|p| {
            self.paging(file, &module, p, (&request, &rejected_request), (&response, &rejected_response))
        });
        if s.paging.is_none() {
            self.undeclared_paging(file, s, &request, &response);
        }
        let codes: Vec<&str> = errors.iter().chain(common_errors).map(|e| e.code.as_str()).collect();
        let examples = self.examples(file, s, (&request, &rejected_request), (&response, &rejected_response), &codes);
        for (i, example) in examples.iter().enumerate() {
            if let Some(params) = &example.params {
                self.example_follows_rules(file, &format!("examples[{i}].params"), params, &rules);
            }
        }
        if self.p.0.len() > start {
            return None;
        }
        let mut request = request;
        for f in &mut request {
            f.checked = super::rules::checked_before_sending(f, &rules);
        }
        Some(ir::Operation {
            wire_name: s.name.clone(),
            spec_file: op.file.clone(),
            example_name: names::example_name(&self.service.dir, &module),
            module,
            request_type,
            response_type,
            error_type,
            builder_type,
            response_builder_type,
            summary: docs::inline(&s.summary),
            doc: docs::lines(&s.description),
            source: s.source.clone(),
            method: s.http.method,
            path,
            rate_limit: s.rate_limit.clone(),
            legacy: s.legacy.clone(),
            request,
            response,
            types,
            errors,
            rules,
            paging,
            examples,
            notes: s.notes.clone(),
        })
    }

    pub(super) fn check_path_params(
        &mut self,
        file: &str,
        path: &str,
        request: &[ir::Field],
        rejected: &BTreeSet<&str>,
    ) {
        // A malformed template was reported where it was read.
        let Ok(in_template) = wire::path_template(path) else { return };
        let in_template: BTreeSet<String> = in_template.into_iter().collect();
        let declared: BTreeSet<String> =
            request.iter().filter(|f| f.location == Location::Path).map(|f| f.wire_name.clone()).collect();
        for missing in in_template.difference(&declared).filter(|name| !rejected.contains(name.as_str())) {
            self.err(
                file,
                "http.path",
                format!(
                    "the path template names `{{{missing}}}` but no request parameter has `in: path` and that name"
                ),
                "declare the parameter with `in: path`",
            );
        }
        for extra in declared.difference(&in_template) {
            self.err(
                file,
                "request",
                format!("path parameter `{extra}` does not appear in the path template `{path}`"),
                "add it to http.path, or fix `in:`",
            );
        }
    }
}

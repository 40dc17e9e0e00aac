#!/usr/bin/env python3
"""Records signing vectors with the vendors' official Python SDKs.

Each SDK's own signer is driven with a pinned clock and fixed, obviously fake
credentials; the canonical request, string to sign, Authorization header and the
headers it signed are written as JSON next to this file. The Rust signers are
checked against these files byte for byte (tests/signing_vectors.rs).

    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
    .venv/bin/python record.py
"""

import datetime
import json
import os
import time
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))

# 2024-03-05T01:02:03Z; in Beijing (UTC+8) it is already 09:02 on the 5th,
# while MIDNIGHT is 23:59:59Z on the 4th: 07:59 on the 5th in Beijing.
NOON = 1709600523
MIDNIGHT = 1709596799

TENCENT_ID = "AKIDEXAMPLEfakeSecretId0000000000"
TENCENT_KEY = "fakeSecretKeyForTestVectorsOnly00"
VOLC_AK = "AKLTfakeAccessKeyForTestVectors"
VOLC_SK = "fakeSecretAccessKeyForTestVectorsOnly=="
HUAWEI_AK = "FAKEHUAWEIACCESSKEY0"
HUAWEI_SK = "fakeHuaweiSecretKeyForTestVectorsOnly000"
TOKEN = "fake-session-token/with+reserved=chars"


def write(name, vectors):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(vectors, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"{name}: {len(vectors)} vectors")


def record_tencent():
    from tencentcloud.common import abstract_client, credential, sign
    from tencentcloud.common.http.request import RequestInternal
    from tencentcloud.common.profile.client_profile import ClientProfile

    class LiveClient(abstract_client.AbstractClient):
        _apiVersion = "2018-08-01"
        _endpoint = "live.tencentcloudapi.com"
        _service = "live"

    captured = {}
    real_sha256 = abstract_client.hashlib.sha256

    class RecordingHashlib:
        @staticmethod
        def sha256(data=b""):
            captured.setdefault("hashed", []).append(data)
            return real_sha256(data)

    real_sign = sign.Sign.sign_tc3

    def recording_sign(secret_key, date, service, str2sign):
        captured["string_to_sign"] = str2sign
        return real_sign(secret_key, date, service, str2sign)

    abstract_client.hashlib = RecordingHashlib
    sign.Sign.sign_tc3 = staticmethod(recording_sign)
    abstract_client.Sign.sign_tc3 = staticmethod(recording_sign)

    cases = [
        ("resume-post", "ResumeLiveStream", NOON, "", None,
         OrderedDict([("AppName", "live"), ("DomainName", "5000.livepush.myqcloud.com"), ("StreamName", "stream1")])),
        ("resume-post-utc-midnight", "ResumeLiveStream", MIDNIGHT, "", None,
         OrderedDict([("AppName", "live"), ("DomainName", "5000.livepush.myqcloud.com"), ("StreamName", "stream1")])),
        ("resume-post-non-ascii", "ResumeLiveStream", NOON, "", None,
         OrderedDict([("AppName", "直播"), ("DomainName", "5000.livepush.myqcloud.com"), ("StreamName", "流 1 +/~*%")])),
        ("package-post-token-region", "DescribeLivePackageInfo", NOON, "ap-guangzhou", TOKEN,
         OrderedDict([("PackageType", 0), ("PageNum", 1), ("PageSize", 100)])),
        ("empty-body", "DescribeLivePackageInfo", NOON, "", None, OrderedDict()),
    ]
    vectors = []
    for name, action, ts, region, token, params in cases:
        captured.clear()
        cred = credential.Credential(TENCENT_ID, TENCENT_KEY, token)
        client = LiveClient(cred, region, ClientProfile())
        req = RequestInternal(client._get_endpoint(), "POST", "/")
        real_time = abstract_client.time.time
        abstract_client.time.time = lambda ts=ts: ts
        try:
            client._build_req_with_tc3_signature(action, params, req)
        finally:
            abstract_client.time.time = real_time
        canonical = captured["hashed"][1].decode("utf-8")
        vectors.append({
            "name": name,
            "secret_id": TENCENT_ID,
            "secret_key": TENCENT_KEY,
            "token": token,
            "region": region or None,
            "timestamp": ts,
            "action": action,
            "method": req.method,
            "host": req.header["Host"],
            "content_type": req.header["Content-Type"],
            "body": req.data,
            "canonical_request": canonical,
            "string_to_sign": captured["string_to_sign"],
            "authorization": req.header["Authorization"],
            "headers": {k: v for k, v in req.header.items() if k.startswith("X-TC-") and k not in ("X-TC-RequestClient", "X-TC-Language")},
        })
    write("tencent.json", vectors)


def record_volcengine():
    from volcengine.ApiInfo import ApiInfo
    from volcengine.Credentials import Credentials
    from volcengine.ServiceInfo import ServiceInfo
    from volcengine.auth import SignerV4 as signer_module
    from volcengine.auth.SignerV4 import SignerV4
    from volcengine.base.Service import Service
    from volcengine.util.Util import Util

    captured = {}
    real_sha256 = Util.sha256

    def recording_sha256(content):
        captured.setdefault("hashed", []).append(content)
        return real_sha256(content)

    Util.sha256 = staticmethod(recording_sha256)
    real_hmac = Util.hmac_sha256

    def recording_hmac(key, content):
        captured.setdefault("hmac", []).append(content)
        return real_hmac(key, content)

    Util.hmac_sha256 = staticmethod(recording_hmac)

    cases = [
        ("quota-post", "POST", NOON, "cn-north-1", "", OrderedDict(), '{"Domain": "live.push.example.com"}'),
        ("quota-post-token", "POST", NOON, "cn-north-1", TOKEN, OrderedDict(), '{"Domain": "live.push.example.com"}'),
        ("quota-post-other-region", "POST", MIDNIGHT, "ap-singapore-1", "", OrderedDict(),
         json.dumps({"Domain": "直播.example.com"})),
        ("get-reserved-query", "GET", NOON, "cn-north-1", "",
         OrderedDict([("b", "x y+z/~*"), ("a", "流"), ("_c", "1"), ("B", "%")]), ""),
        ("post-empty-body", "POST", NOON, "cn-north-1", "", OrderedDict(), ""),
    ]
    vectors = []
    for name, method, ts, region, token, extra_query, body in cases:
        captured.clear()
        creds = Credentials(VOLC_AK, VOLC_SK, "live", region, token)
        info = ServiceInfo("live.volcengineapi.com", {"Accept": "application/json"}, creds, 10, 10, "https")
        action = "DescribeStreamQuotaConfig"
        api = ApiInfo(method, "/", {"Action": action, "Version": "2020-08-01"}, {}, {})
        service = object.__new__(Service)
        service.service_info = info
        r = service.prepare_request(api, extra_query)
        if method != "GET":
            r.headers["Content-Type"] = "application/json"
        r.body = body
        fmt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        real_date = SignerV4.get_current_format_date
        SignerV4.get_current_format_date = staticmethod(lambda fmt=fmt: fmt)
        try:
            SignerV4.sign(r, creds)
        finally:
            SignerV4.get_current_format_date = real_date
        # hashed: body, canonical request (then the signing steps hash nothing else).
        canonical = captured["hashed"][1]
        auth = r.headers["Authorization"]
        # The key derivation HMACs date, region, service, "request"; the last HMAC signs the string.
        string_to_sign = captured["hmac"][-1]
        vectors.append({
            "name": name,
            "access_key_id": VOLC_AK,
            "secret_access_key": VOLC_SK,
            "session_token": token or None,
            "region": region,
            "timestamp": ts,
            "method": method,
            "host": r.headers["Host"],
            "query": list(r.query.items()),
            "content_type": r.headers.get("Content-Type") if method != "GET" else None,
            "body": body,
            "canonical_request": canonical,
            "string_to_sign": string_to_sign,
            "authorization": auth,
            "headers": {k: v for k, v in r.headers.items() if k.startswith("X-")},
        })
    write("volcengine.json", vectors)


def record_huawei():
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer import signer as signer_module

    captured = {}
    Signer = signer_module.Signer
    real_canonical = Signer._process_canonical_request
    real_sts = Signer._process_string_to_sign

    def recording_canonical(self, request, signed_headers):
        captured["canonical_request"] = real_canonical(self, request, signed_headers)
        return captured["canonical_request"]

    def recording_sts(self, canonical_request, t):
        captured["string_to_sign"] = real_sts(self, canonical_request, t)
        return captured["string_to_sign"]

    Signer._process_canonical_request = recording_canonical
    Signer._process_string_to_sign = recording_sts

    ua = "huaweicloud-usdk-python/3.0; cloud-live-vectors"
    project = "05041fffa40025702f6dc009cc6f8f33"
    traffic = "/v1/{project_id}/stream/traffic"
    cases = [
        ("traffic-get", "GET", NOON, None, project, traffic, {"project_id": project},
         [("domain", "play.example.huawei.com")], b""),
        ("traffic-get-all-query", "GET", MIDNIGHT, None, project, traffic, {"project_id": project},
         [("step", 5), ("start_time", "2018-05-19T21:00:00Z"), ("end_time", "2018-05-19T22:00:00Z"), ("domain", "play.example.huawei.com")], b""),
        ("traffic-get-token-reserved", "GET", NOON, TOKEN, project, traffic, {"project_id": project},
         [("domain", "流 a+b/~*"), ("domain", "a b")], b""),
        ("path-param-encoded", "GET", NOON, None, None, traffic, {"project_id": "proj 1~*"},
         [], b""),
        ("post-json-body", "POST", NOON, None, project, traffic, {"project_id": project},
         [], json.dumps({"domain": "直播.example.com"}).encode()),
        # UpdateRecordRule: PUT with two path parameters and a JSON body. (A `/` in a path parameter
        # is refused by the runtime: the SDK would sign it as a separator yet send it encoded.)
        ("put-path-body", "PUT", NOON, None, project, "/v1/{project_id}/record/rules/{id}",
         {"project_id": project, "id": "rule 1+a"}, [], json.dumps({"publish_domain": "推流.example.com", "app": "live"}).encode()),
        # DeleteDomain: DELETE with its parameter in the query and no body.
        ("delete-query", "DELETE", MIDNIGHT, TOKEN, project, "/v1/{project_id}/domain", {"project_id": project},
         [("domain", "play.example.huawei.com")], b""),
        # DeleteRecordRule beside a query list: DELETE with a path parameter and a query.
        ("delete-path-query", "DELETE", NOON, None, project, "/v1/{project_id}/record/rules/{id}",
         {"project_id": project, "id": "r~1"}, [("domain", "a.example.com,b.example.com"), ("app", "live")], b""),
    ]
    vectors = []
    from urllib.parse import quote
    for name, method, ts, token, project_id, template, path_params, query, body in cases:
        captured.clear()
        creds = BasicCredentials(HUAWEI_AK, HUAWEI_SK, project_id)
        if token:
            creds = creds.with_security_token(token)
        path = template
        for k, v in path_params.items():
            path = path.replace("{%s}" % k, quote(str(v), safe=""))
        fmt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        headers = OrderedDict([("Content-Type", "application/json"), ("User-Agent", ua)])
        request = SdkRequest(method=method, schema="https", host="live.cn-north-4.myhuaweicloud.com",
                             resource_path=path, query_params=list(query), header_params=headers, body=body)
        # A pre-set X-Sdk-Date is reused by the signer: this pins the clock. It is
        # added after the project and token headers, where the SDK adds it.
        real_time = signer_module.Signer._process_header_time

        def pinned(cls, req, fmt=fmt):
            req.header_params["X-Sdk-Date"] = fmt
            return datetime.datetime.strptime(fmt, "%Y%m%dT%H%M%SZ")

        signer_module.Signer._process_header_time = classmethod(pinned)
        try:
            creds.sign_request(request)
        finally:
            signer_module.Signer._process_header_time = real_time
        vectors.append({
            "name": name,
            "access_key": HUAWEI_AK,
            "secret_key": HUAWEI_SK,
            "security_token": token,
            "project_id": project_id,
            "timestamp": ts,
            "method": method,
            "template": template,
            "path_params": [[k, str(v)] for k, v in path_params.items()],
            "path": path,
            "query": [[k, str(v)] for k, v in query],
            "body": body.decode("utf-8"),
            "headers": [[k, v] for k, v in request.header_params.items() if k != "Authorization"],
            "uri": request.uri,
            "canonical_request": captured["canonical_request"],
            "string_to_sign": captured["string_to_sign"],
            "authorization": request.header_params["Authorization"],
        })
    write("huawei.json", vectors)


if __name__ == "__main__":
    record_tencent()
    record_volcengine()
    record_huawei()

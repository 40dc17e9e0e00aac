#!/usr/bin/env python3
"""The official Python SDKs doing the work `benches/call.rs` measures.

Each case goes through the SDK's own call path (request model or parameters,
serialization, signing, envelope and error checks, decoding into the SDK's
response model where it has one) with only the socket replaced: the SDK's HTTP
session method returns the page's documented response from `responses.json`,
the same bytes the Rust benchmark decodes.

    python3 -m venv .venv && .venv/bin/pip install -r ../tests/vectors/requirements.txt
    .venv/bin/python sdk_bench.py

Prints, per case, the median time per call over several timed rounds.
"""

import json
import os
import statistics
import sys
import time

import requests
from requests.structures import CaseInsensitiveDict

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "responses.json"), encoding="utf-8") as f:
    RESPONSES = json.load(f)

# Obviously fake credentials, as in the Rust tests.
TC_ID = "AKIDEXAMPLEfakeSecretId0000000000"
TC_KEY = "fakeSecretKeyForTestVectorsOnly00"
VOLC_AK = "AKLTfakeAccessKeyForTestVectors"
VOLC_SK = "fakeSecretAccessKeyForTestVectorsOnly=="
HW_AK = "FAKEHUAWEIACCESSKEY0"
HW_SK = "fakeHuaweiSecretKeyForTestVectorsOnly000"
HW_PROJECT = "05041fffa40025702f6dc009cc6f8f33"


def canned(operation, headers=None, method="POST"):
    """A session method that answers at once with the documented response."""
    example = RESPONSES[operation]
    body = example["response"].encode("utf-8")
    # Some SDKs log the request the response belongs to.
    sent = requests.PreparedRequest()
    sent.method = method

    def answer(*args, **kwargs):
        response = requests.Response()
        response.status_code = example["status"]
        response._content = body
        response.headers = CaseInsensitiveDict(headers or {"Content-Type": "application/json"})
        response.encoding = "utf-8"
        response.url = args[1] if len(args) > 1 else kwargs.get("url", args[0] if args else "")
        response.request = sent
        return response

    return answer


def tencent_cases():
    from tencentcloud.common import credential
    from tencentcloud.live.v20180801 import live_client, models

    def client(operation):
        c = live_client.LiveClient(credential.Credential(TC_ID, TC_KEY), "")
        c.request.conn._session.request = canned(operation)
        return c

    resume = client("ResumeLiveStream")
    package = client("DescribeLivePackageInfo")

    def resume_live_stream():
        req = models.ResumeLiveStreamRequest()
        req.DomainName = "5000.livepush.myqcloud.com"
        req.AppName = "live"
        req.StreamName = "stream1"
        return resume.ResumeLiveStream(req)

    def describe_live_package_info():
        req = models.DescribeLivePackageInfoRequest()
        req.PackageType = 0
        resp = package.DescribeLivePackageInfo(req)
        assert len(resp.LivePackageInfoList) == 9
        return resp

    return [("call/ResumeLiveStream", resume_live_stream),
            ("call/DescribeLivePackageInfo", describe_live_package_info)]


def volcengine_cases():
    from volcengine.ApiInfo import ApiInfo
    from volcengine.Credentials import Credentials
    from volcengine.ServiceInfo import ServiceInfo
    from volcengine.base.Service import Service

    # LiveService's own ServiceInfo and ApiInfo, built directly: importing
    # volcengine.live.LiveService also loads protobuf modules that fail on current
    # protobuf releases, and its action table lacks this legacy action anyway.
    # LiveService.json is Service.json, so the call path is the same.
    service_info = ServiceInfo("live.volcengineapi.com", {"Accept": "application/json"},
                               Credentials(VOLC_AK, VOLC_SK, "live", "cn-north-1"), 5, 5, "https")
    api_info = {"DescribeStreamQuotaConfig": ApiInfo(
        "POST", "/", {"Action": "DescribeStreamQuotaConfig", "Version": "2020-08-01"}, {}, {})}
    service = Service(service_info, api_info)
    service.session.post = canned("DescribeStreamQuotaConfig")

    def describe_stream_quota_config():
        # As LiveService's own methods do: json() returns text, decoded by the caller.
        res = service.json("DescribeStreamQuotaConfig", {}, json.dumps({"Domain": "live.push.example.com"}))
        resp = json.loads(res)
        assert len(resp["Result"]["QuotaList"]) == 1
        return resp

    return [("call/DescribeStreamQuotaConfig", describe_stream_quota_config)]


def huawei_cases():
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdklive.v2 import LiveClient, ListDomainTrafficSummaryRequest
    from huaweicloudsdklive.v2.region.live_region import LiveRegion

    client = (LiveClient.new_builder()
              .with_credentials(BasicCredentials(HW_AK, HW_SK, HW_PROJECT))
              .with_region(LiveRegion.value_of("cn-north-4"))
              .build())
    session = client._http_client._session
    session.get = canned("ShowTraffic", {"Content-Type": "application/json",
                                         "X-Request-Id": "b2fc6ee1e6f7a3ab7b8a5e8ee6e2b4a1"}, "GET")

    def show_traffic():
        # The SDK has no ShowTraffic (a legacy API); its nearest operation has the
        # same shape: GET /v2/{project_id}/stats/traffic/summary with the domain
        # in the query, AK/SK signed, decoded into the SDK's response model. The
        # model ignores the fields it does not know, so this is a lower bound.
        req = ListDomainTrafficSummaryRequest(play_domains=["play.example.huawei.com"])
        return client.list_domain_traffic_summary(req)

    return [("call/ShowTraffic", show_traffic)]


def measure(fn, rounds=15, min_round_seconds=0.2):
    fn()  # warm up: imports, caches, first-call costs
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_round_seconds:
            break
        n *= 2
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n)
    return statistics.median(samples), min(samples), max(samples), n


def main():
    cases = tencent_cases() + volcengine_cases() + huawei_cases()
    only = sys.argv[1:]
    print(f"python {sys.version.split()[0]}")
    for name, fn in cases:
        if only and name not in only:
            continue
        median, low, high, n = measure(fn)
        print(f"{name:36} median {median * 1e6:9.1f} µs  (min {low * 1e6:.1f}, max {high * 1e6:.1f}; {n} calls/round)")


if __name__ == "__main__":
    main()

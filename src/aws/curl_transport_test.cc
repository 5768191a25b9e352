// CurlTransport over real sockets on 127.0.0.1: the scripted stub server for HTTP, an in-test
// TLS server for https, and raw listeners where a test needs to see the bytes (a proxy's
// CONNECT line, a connect that never completes).
#include "aws/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "support/stub_http_server.h"

namespace kanaria::aws {
namespace {

using std::chrono::milliseconds;
using testing::StubHttpServer;
using testing::StubRequest;
using testing::StubResponse;
using Kind = TransportError::Kind;
using SteadyClock = std::chrono::steady_clock;

HttpRequest Request(std::string url, std::string method = "POST", std::string body = "") {
  HttpRequest request;
  request.url = std::move(url);
  request.method = std::move(method);
  request.body = std::move(body);
  request.connect_timeout = milliseconds(2000);
  request.total_timeout = milliseconds(10000);
  return request;
}

StubHttpServer::Handler AlwaysAnswer(int status, std::string body = "",
                                     milliseconds delay = milliseconds(0)) {
  return [=](const StubRequest&) {
    StubResponse response;
    response.status = status;
    response.body = body;
    response.delay = delay;
    return response;
  };
}

long long MillisecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start).count();
}

const TransportError* DetailOf(const StatusOr<HttpResponse>& result) {
  return result.status().detail_as<TransportError>();
}

// Sets the proxy variables for one test and restores the process environment afterwards;
// every variable the transport reads starts unset, so the machine's own proxy settings (a CI
// runner's HTTPS_PROXY) cannot leak in. The transport reads the environment when constructed.
class ScopedProxyEnvironment {
 public:
  ScopedProxyEnvironment() {
    for (const char* name : kNames) {
      if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
      unsetenv(name);
    }
  }
  ~ScopedProxyEnvironment() {
    for (const char* name : kNames) unsetenv(name);
    for (const auto& [name, value] : saved_) setenv(name.c_str(), value.c_str(), 1);
  }
  void Set(const char* name, const std::string& value) { setenv(name, value.c_str(), 1); }

 private:
  static constexpr const char* kNames[] = {"http_proxy",  "HTTP_PROXY", "https_proxy",
                                           "HTTPS_PROXY", "no_proxy",   "NO_PROXY",
                                           "all_proxy",   "ALL_PROXY",  "REQUEST_METHOD"};
  std::vector<std::pair<std::string, std::string>> saved_;
};

// A TCP listener on 127.0.0.1 that records what each connection sends first and answers with
// fixed bytes: stands in for an HTTPS proxy, whose CONNECT line is the thing to check.
class RawListener {
 public:
  explicit RawListener(std::string reply) : reply_(std::move(reply)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t length = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawListener() {
    shutdown(fd_, SHUT_RDWR);  // ends the blocking accept()
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void Serve() {
    while (true) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string bytes;
      char buffer[4096];
      auto receive_more = [&] {
        const ssize_t n = recv(client, buffer, sizeof(buffer), 0);
        if (n > 0) bytes.append(buffer, static_cast<size_t>(n));
        return n > 0;
      };
      // The request head, then as many body bytes as it announces (none for a CONNECT).
      while (bytes.find("\r\n\r\n") == std::string::npos && receive_more()) {
      }
      const size_t head_end = bytes.find("\r\n\r\n");
      const size_t length_at = bytes.find("\r\nContent-Length: ");
      if (head_end != std::string::npos && length_at < head_end) {
        const size_t wanted = head_end + 4 + std::stoul(bytes.substr(length_at + 18));
        while (bytes.size() < wanted && receive_more()) {
        }
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        received_.push_back(bytes);
      }
      send(client, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      close(client);
    }
  }

  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<std::string> received_;
};

// A self-signed certificate for 127.0.0.1, made in memory (no openssl binary needed), with its
// PEM written where CurlTransportOptions::ca_bundle can point.
struct TestCertificate {
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  std::string pem_path;

  TestCertificate() {
    key = EVP_EC_gen("P-256");
    certificate = X509_new();
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("kanaria test"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
      X509_add_ext(certificate, extension, -1);
      X509_EXTENSION_free(extension);
    }
    X509_sign(certificate, key, EVP_sha256());
    pem_path = (std::filesystem::temp_directory_path() /
                ("kanaria-transport-test-" + std::to_string(getpid()) + ".pem"))
                   .string();
    FILE* file = std::fopen(pem_path.c_str(), "w");
    PEM_write_X509(file, certificate);
    std::fclose(file);
  }
  ~TestCertificate() {
    std::remove(pem_path.c_str());
    X509_free(certificate);
    EVP_PKEY_free(key);
  }
};

// cpp-httplib's TLS server with the test certificate, answering 200 "secure" to everything.
class TlsServer {
 public:
  explicit TlsServer(const TestCertificate& cert) : server_(cert.certificate, cert.key) {
    server_.Post(".*", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(CurlTransport, RoundTripsStatusHeadersAndBodyExactly) {
  const std::string response_body("binary\0body\xff\r\n", 15);
  StubHttpServer server([&](const StubRequest&) {
    StubResponse response;
    response.status = 201;
    response.headers = {
        {"X-Amzn-RequestId", "req-1"}, {"x-lower-case", "v"}, {"X-Twice", "a"}, {"X-Twice", "b"}};
    response.body = response_body;
    response.content_type = "application/x-amz-json-1.1";
    return response;
  });
  CurlTransport transport;
  HttpRequest request = Request(server.url() + "/a/../b%2Fc?z=1&a=%20", "POST", "{\"k\":1}");
  request.headers = {{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"},
                     {"Content-Type", "application/x-amz-json-1.1"},
                     {"X-Amz-Date", "20240101T000000Z"}};
  auto result = transport.Send(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, response_body);
  EXPECT_EQ(result->Header("x-amzn-requestid"), "req-1");
  // Names arrive as the server spelled them, repeated headers are all kept.
  auto has = [&](const std::string& name, const std::string& value) {
    return std::find(result->headers.begin(), result->headers.end(), std::pair{name, value}) !=
           result->headers.end();
  };
  EXPECT_TRUE(has("X-Amzn-RequestId", "req-1"));
  EXPECT_TRUE(has("x-lower-case", "v"));
  EXPECT_TRUE(has("X-Twice", "a"));
  EXPECT_TRUE(has("X-Twice", "b"));
  EXPECT_EQ(result->Header("Content-Type"), "application/x-amz-json-1.1");

  ASSERT_EQ(server.request_count(), 1u);
  const StubRequest seen = server.requests()[0];
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/a/../b%2Fc?z=1&a=%20");  // path and query untouched
  EXPECT_EQ(seen.body, "{\"k\":1}");
  EXPECT_EQ(seen.Header("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.ListClusters");
  EXPECT_EQ(seen.Header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(seen.Header("Content-Length"), "7");
  EXPECT_EQ(seen.Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
}

// The bytes on the wire: the caller's headers exactly (an empty value included), plus only Host
// and Content-Length; none of libcurl's defaults (Accept, Expect, a form Content-Type).
TEST(CurlTransport, SendsExactlyTheCallersHeaders) {
  RawListener server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  CurlTransport transport;
  HttpRequest request = Request(server.url() + "/p?q=1", "POST", "{}");
  request.headers = {{"X-Amz-Target", "Target.Op"},
                     {"X-Amz-Date", "20240101T000000Z"},
                     {"x-amz-lower", "Mixed Value %2F"},
                     {"X-Empty-Signed", ""}};
  auto result = transport.Send(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->body, "ok");
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  const std::string& wire = received[0];
  const size_t head_end = wire.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(wire.substr(head_end + 4), "{}");
  std::vector<std::string> lines;
  for (size_t at = 0; at < head_end;) {
    const size_t end = wire.find("\r\n", at);
    lines.push_back(wire.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "POST /p?q=1 HTTP/1.1");
  std::vector<std::string> header_lines(lines.begin() + 1, lines.end());
  std::sort(header_lines.begin(), header_lines.end());
  EXPECT_EQ(header_lines, (std::vector<std::string>{
                              "Content-Length: 2",
                              "Host: 127.0.0.1:" + std::to_string(server.port()),
                              "X-Amz-Date: 20240101T000000Z",
                              "X-Amz-Target: Target.Op",
                              "X-Empty-Signed:",
                              "x-amz-lower: Mixed Value %2F",
                          }));
}

TEST(CurlTransport, SendsEveryMethodAsGiven) {
  StubHttpServer server(AlwaysAnswer(200, "ok"));
  CurlTransport transport;
  for (const std::string method : {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}) {
    const std::string body = method == "PUT" || method == "PATCH" ? "payload-" + method : "";
    auto result = transport.Send(Request(server.url() + "/m", method, body));
    ASSERT_TRUE(result.ok()) << method << ": " << result.status().ToString();
    EXPECT_EQ(result->status, 200) << method;
    EXPECT_EQ(result->body, method == "HEAD" ? "" : "ok") << method;
  }
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].Header("Content-Length"), "");  // a GET without a body has no body headers
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].Header("Content-Length"), "0");  // AWS wants a length on every POST
  EXPECT_EQ(seen[1].Header("Content-Type"), "");     // libcurl's form default is suppressed
  EXPECT_EQ(seen[2].method, "PUT");
  EXPECT_EQ(seen[2].body, "payload-PUT");
  EXPECT_EQ(seen[3].method, "DELETE");
  EXPECT_EQ(seen[4].method, "PATCH");
  EXPECT_EQ(seen[4].body, "payload-PATCH");
  EXPECT_EQ(seen[5].method, "OPTIONS");
  EXPECT_EQ(seen[6].method, "HEAD");
}

TEST(CurlTransport, CarriesLargeBodiesBothWaysWithoutExpectContinue) {
  std::string big(6 * 1024 * 1024 + 7, '\0');
  std::mt19937 random(42);
  for (char& c : big) c = static_cast<char>(random());
  StubHttpServer server([&](const StubRequest& request) {
    StubResponse response;
    response.body = request.body;  // echo
    response.content_type = "application/octet-stream";
    return response;
  });
  CurlTransport transport;
  auto result = transport.Send(Request(server.url() + "/big", "POST", big));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->body == big) << "echoed body differs, size " << result->body.size();
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(server.requests()[0].Header("Expect"), "");
  EXPECT_EQ(server.requests()[0].Header("Content-Length"), std::to_string(big.size()));
}

TEST(CurlTransport, RedirectsAreResponsesNotFollowed) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse response;
    response.status = 307;
    response.headers = {{"Location", "/elsewhere"}};
    return response;
  });
  CurlTransport transport;
  auto result = transport.Send(Request(server.url() + "/", "GET"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 307);
  EXPECT_EQ(result->Header("Location"), "/elsewhere");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlTransport, RejectsHeadersThatWouldCorruptTheRequestWithoutSendingIt) {
  StubHttpServer server(AlwaysAnswer(200));
  CurlTransport transport;
  HttpRequest smuggling = Request(server.url() + "/");
  smuggling.headers = {{"X-Note", "a\r\nX-Injected: yes"}};
  HttpRequest bad_name = Request(server.url() + "/");
  bad_name.headers = {{"Bad Name", "v"}};
  HttpRequest bad_url = Request("ftp://127.0.0.1/");
  auto results = transport.SendAll({smuggling, bad_name, bad_url, Request(server.url() + "/ok")});
  for (int i = 0; i < 3; ++i) {
    ASSERT_FALSE(results[i].ok()) << i;
    EXPECT_EQ(results[i].status().code(), StatusCode::kInvalidInput) << i;
    // Not a transport failure: a retry layer must not repeat it.
    EXPECT_EQ(DetailOf(results[i]), nullptr) << i;
  }
  EXPECT_EQ(results[0].status().message().find("X-Injected"), std::string::npos);
  ASSERT_TRUE(results[3].ok());
  EXPECT_EQ(server.request_count(), 1u);
}

// The requirement: one thread, one SendAll, all 32 in flight at once.
TEST(CurlTransport, ThirtyTwoSlowRequestsFromOneSendAllOverlap) {
  StubHttpServer server(AlwaysAnswer(200, "slow", milliseconds(200)));
  CurlTransport transport;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 32; ++i) {
    requests.push_back(Request(server.url() + "/r" + std::to_string(i), "POST", std::to_string(i)));
  }
  const auto start = SteadyClock::now();
  auto results = transport.SendAll(requests);
  const long long elapsed_ms = MillisecondsSince(start);
  std::printf("[ timing   ] 32 requests x 200 ms stub delay: %lld ms\n", elapsed_ms);
  ::testing::Test::RecordProperty("elapsed_ms", std::to_string(elapsed_ms));
  ASSERT_EQ(results.size(), 32u);
  for (int i = 0; i < 32; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status().ToString();
    EXPECT_EQ(results[i]->status, 200);
  }
  EXPECT_EQ(server.request_count(), 32u);
  EXPECT_GE(elapsed_ms, 200);
  EXPECT_LT(elapsed_ms, 400);
}

TEST(CurlTransport, ResultsComeBackInRequestOrderWhateverFinishesFirst) {
  StubHttpServer server([](const StubRequest& request) {
    StubResponse response;
    const int n = std::stoi(request.body);
    response.body = "answer-" + request.body;
    response.delay = milliseconds(10 * (5 - n));  // the last request finishes first
    return response;
  });
  CurlTransport transport;
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 5; ++i)
    requests.push_back(Request(server.url() + "/", "POST", std::to_string(i)));
  auto results = transport.SendAll(requests);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(results[i].ok());
    EXPECT_EQ(results[i]->body, "answer-" + std::to_string(i));
  }
}

TEST(CurlTransport, SequentialSendsReuseOneConnection) {
  StubHttpServer server(AlwaysAnswer(200, "{}"));
  CurlTransport transport;
  for (int i = 0; i < 20; ++i) {
    auto result = transport.Send(Request(server.url() + "/", "POST", "{}"));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  }
  EXPECT_EQ(server.request_count(), 20u);
  EXPECT_EQ(transport.connections_opened(), 1);
}

TEST(CurlTransport, ConnectionsOfAParallelBatchAreKeptForTheNext) {
  StubHttpServer server(AlwaysAnswer(200, "", milliseconds(50)));
  CurlTransport transport;
  std::vector<HttpRequest> batch(16, Request(server.url() + "/"));
  for (const auto& result : transport.SendAll(batch)) ASSERT_TRUE(result.ok());
  const long after_first = transport.connections_opened();
  EXPECT_EQ(after_first, 16);
  for (const auto& result : transport.SendAll(batch)) ASSERT_TRUE(result.ok());
  EXPECT_EQ(transport.connections_opened(), after_first);
}

// Callers on other threads are not queued behind a slow request: whichever thread is running
// libcurl also runs theirs.
TEST(CurlTransport, ConcurrentCallersDoNotWaitForEachOther) {
  StubHttpServer server([](const StubRequest& request) {
    StubResponse response;
    response.delay = request.path == "/slow" ? milliseconds(1500) : milliseconds(0);
    response.body = request.path;
    return response;
  });
  CurlTransport transport;
  std::optional<StatusOr<HttpResponse>> slow;
  std::thread slow_caller([&] { slow.emplace(transport.Send(Request(server.url() + "/slow"))); });
  while (server.request_count() == 0) std::this_thread::sleep_for(milliseconds(1));

  std::vector<std::thread> fast_callers;
  std::atomic<int> fast_ok{0};
  const auto start = SteadyClock::now();
  for (int i = 0; i < 4; ++i) {
    fast_callers.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        auto result = transport.Send(Request(server.url() + "/fast"));
        if (result.ok() && result->body == "/fast") ++fast_ok;
      }
    });
  }
  for (auto& caller : fast_callers) caller.join();
  const long long fast_ms = MillisecondsSince(start);
  slow_caller.join();
  EXPECT_EQ(fast_ok.load(), 20);
  EXPECT_LT(fast_ms, 1000) << "fast callers waited for the slow one";
  ASSERT_TRUE(slow.has_value() && slow->ok());
  EXPECT_EQ((*slow)->body, "/slow");
}

// Many callers hand the running of libcurl to one another as their own work completes; every
// answer must still reach the caller that asked.
TEST(CurlTransport, ManyThreadsEachGetTheirOwnAnswers) {
  StubHttpServer server([](const StubRequest& request) {
    StubResponse response;
    response.body = "echo:" + request.body;
    response.delay = milliseconds(request.body.size() % 3);
    return response;
  });
  CurlTransport transport;
  std::atomic<int> matched{0};
  std::vector<std::thread> callers;
  for (int thread = 0; thread < 8; ++thread) {
    callers.emplace_back([&, thread] {
      for (int round = 0; round < 10; ++round) {
        std::vector<HttpRequest> batch;
        for (int i = 0; i < 4; ++i) {
          const std::string tag =
              std::to_string(thread) + "-" + std::to_string(round) + "-" + std::to_string(i);
          batch.push_back(Request(server.url() + "/", "POST", tag));
        }
        auto results = transport.SendAll(batch);
        for (size_t i = 0; i < batch.size(); ++i) {
          if (results[i].ok() && results[i]->body == "echo:" + batch[i].body) ++matched;
        }
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(matched.load(), 8 * 10 * 4);
  EXPECT_EQ(server.request_count(), 8u * 10 * 4);
}

TEST(CurlTransport, ClosedPortIsAConnectFailureWithNothingSent) {
  int closed_port = 0;
  {
    StubHttpServer doomed(AlwaysAnswer(200));
    closed_port = doomed.port();
  }
  CurlTransport transport;
  auto result = transport.Send(Request("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kConnectFailed);
  EXPECT_FALSE(DetailOf(result)->request_sent());
  EXPECT_NE(result.status().message().find("127.0.0.1:" + std::to_string(closed_port)),
            std::string::npos)
      << result.status().message();
}

TEST(CurlTransport, UnresolvableHostIsADnsFailure) {
  CurlTransport transport;
  // .invalid never resolves (RFC 6761); resolvers answer it locally.
  auto result = transport.Send(Request("http://kanaria-test.invalid/"));
  ASSERT_FALSE(result.ok());
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kDnsFailure);
  EXPECT_FALSE(DetailOf(result)->request_sent());
}

// A listener whose accept queue is full drops further SYNs, so the connect hangs: a connect
// timeout on loopback without depending on unroutable addresses.
TEST(CurlTransport, ConnectTimeoutIsAConnectFailureWithNothingSent) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 0), 0);
  socklen_t length = sizeof(address);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fillers.push_back(filler);
  }
  CurlTransport transport;
  HttpRequest request =
      Request("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/");
  request.connect_timeout = milliseconds(300);
  request.total_timeout = milliseconds(5000);
  const auto start = SteadyClock::now();
  auto result = transport.Send(request);
  const long long elapsed_ms = MillisecondsSince(start);
  for (int filler : fillers) close(filler);
  close(listener);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kConnectFailed);
  EXPECT_FALSE(DetailOf(result)->request_sent());
  EXPECT_GE(elapsed_ms, 250);
  EXPECT_LT(elapsed_ms, 3000);
}

TEST(CurlTransport, TotalTimeoutAfterSendingIsATimeoutThatMayHaveRun) {
  StubHttpServer server(AlwaysAnswer(200, "late", milliseconds(3000)));
  CurlTransport transport;
  HttpRequest request = Request(server.url() + "/");
  request.total_timeout = milliseconds(300);
  const auto start = SteadyClock::now();
  auto result = transport.Send(request);
  const long long elapsed_ms = MillisecondsSince(start);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kTimeout);
  EXPECT_TRUE(DetailOf(result)->request_sent());
  EXPECT_GE(elapsed_ms, 250);
  EXPECT_LT(elapsed_ms, 2500);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlTransport, DroppedConnectionIsAResetThatMayHaveRun) {
  StubHttpServer server([](const StubRequest&) {
    StubResponse response;
    response.drop_connection = true;
    return response;
  });
  CurlTransport transport;
  auto result = transport.Send(Request(server.url() + "/", "POST", "{\"secret\":\"body\"}"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kConnectionReset);
  EXPECT_TRUE(DetailOf(result)->request_sent());
  EXPECT_EQ(result.status().message().find("secret"), std::string::npos);
  EXPECT_EQ(server.request_count(), 1u);
}

// libcurl on its own re-sends a request when a reused connection dies without a response byte.
// The first copy may have been executed, so the transport refuses and lets the retry policy
// decide (it repeats only idempotent calls).
TEST(CurlTransport, RequestOnADyingReusedConnectionIsNotResentBehindTheCallersBack) {
  std::atomic<bool> drop{false};
  StubHttpServer server([&](const StubRequest&) {
    StubResponse response;
    response.drop_connection = drop.load();
    return response;
  });
  CurlTransport transport;
  ASSERT_TRUE(transport.Send(Request(server.url() + "/warm-up")).ok());
  drop = true;
  auto result = transport.Send(Request(server.url() + "/dropped"));
  ASSERT_FALSE(result.ok());
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kConnectionReset);
  EXPECT_TRUE(DetailOf(result)->request_sent());
  EXPECT_EQ(server.request_count(), 2u) << "the dropped request reached the server twice";
  // The transport stays usable afterwards.
  drop = false;
  EXPECT_TRUE(transport.Send(Request(server.url() + "/after")).ok());
}

TEST(CurlTransport, HttpsToAPlainHttpPortFailsTheHandshake) {
  StubHttpServer server(AlwaysAnswer(200, "plain"));
  CurlTransport transport;
  auto result = transport.Send(Request("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
  ASSERT_FALSE(result.ok());
  ASSERT_NE(DetailOf(result), nullptr);
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kTlsFailure) << result.status().message();
  EXPECT_FALSE(DetailOf(result)->request_sent());
}

TEST(CurlTransport, VerifiesServerCertificatesAlways) {
  TestCertificate certificate;
  TlsServer server(certificate);
  {
    CurlTransport untrusting;  // the system store does not know our self-signed certificate
    auto result = untrusting.Send(Request(server.url() + "/"));
    ASSERT_FALSE(result.ok());
    ASSERT_NE(DetailOf(result), nullptr);
    EXPECT_EQ(DetailOf(result)->kind(), Kind::kTlsFailure) << result.status().message();
    EXPECT_FALSE(DetailOf(result)->request_sent());
  }
  CurlTransport trusting(CurlTransportOptions{.ca_bundle = certificate.pem_path});
  for (int i = 0; i < 5; ++i) {
    auto result = trusting.Send(Request(server.url() + "/"));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->body, "secure");
  }
  EXPECT_EQ(trusting.connections_opened(), 1);
}

TEST(CurlTransport, UppercaseHttpProxyIsHonouredAsBotocoreDoes) {
  ScopedProxyEnvironment environment;
  StubHttpServer target(AlwaysAnswer(200, "direct"));
  StubHttpServer proxy(AlwaysAnswer(200, "via proxy"));
  environment.Set("HTTP_PROXY", proxy.url());  // libcurl alone ignores the uppercase name
  CurlTransport transport;
  const std::string url = target.url() + "/path?q=1";
  auto result = transport.Send(Request(url, "GET"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->body, "via proxy");
  ASSERT_EQ(proxy.request_count(), 1u);
  EXPECT_EQ(proxy.requests()[0].target, url);  // absolute-URI request line
  EXPECT_EQ(target.request_count(), 0u);
}

TEST(CurlTransport, LowercaseProxyVariableWinsEvenWhenEmpty) {
  ScopedProxyEnvironment environment;
  StubHttpServer target(AlwaysAnswer(200, "direct"));
  StubHttpServer proxy(AlwaysAnswer(200, "via proxy"));
  environment.Set("HTTP_PROXY", proxy.url());
  environment.Set("http_proxy", "");
  CurlTransport transport;
  auto result = transport.Send(Request(target.url() + "/", "GET"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->body, "direct");
  EXPECT_EQ(proxy.request_count(), 0u);
}

TEST(CurlTransport, NoProxyBypassesTheProxy) {
  for (const char* variable : {"NO_PROXY", "no_proxy"}) {
    for (const char* hosts : {"127.0.0.1", "example.com, 127.0.0.1", "*"}) {
      ScopedProxyEnvironment environment;
      StubHttpServer target(AlwaysAnswer(200, "direct"));
      StubHttpServer proxy(AlwaysAnswer(200, "via proxy"));
      environment.Set("http_proxy", proxy.url());
      environment.Set(variable, hosts);
      CurlTransport transport;
      auto result = transport.Send(Request(target.url() + "/", "GET"));
      ASSERT_TRUE(result.ok()) << result.status().ToString();
      EXPECT_EQ(result->body, "direct") << variable << "=" << hosts;
      EXPECT_EQ(proxy.request_count(), 0u) << variable << "=" << hosts;
    }
  }
}

TEST(CurlTransport, HttpsGoesThroughTheProxyAsATunnelWithoutTheSignedHeaders) {
  ScopedProxyEnvironment environment;
  RawListener proxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  environment.Set("HTTPS_PROXY", proxy.url());
  environment.Set("HTTP_PROXY", "http://127.0.0.1:1");  // must not be used for https
  CurlTransport transport;
  HttpRequest request = Request("https://127.0.0.1:9/secret-path", "POST", "{}");
  request.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/..."}};
  auto result = transport.Send(request);
  ASSERT_FALSE(result.ok());
  ASSERT_NE(DetailOf(result), nullptr);
  // The proxy refused the tunnel: nothing reached the endpoint.
  EXPECT_EQ(DetailOf(result)->kind(), Kind::kConnectFailed) << result.status().message();
  EXPECT_FALSE(DetailOf(result)->request_sent());
  EXPECT_NE(result.status().message().find("via proxy 127.0.0.1:" + std::to_string(proxy.port())),
            std::string::npos)
      << result.status().message();
  const auto received = proxy.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_TRUE(received[0].starts_with("CONNECT 127.0.0.1:9 HTTP/1.1\r\n")) << received[0];
  EXPECT_EQ(received[0].find("Authorization"), std::string::npos);
  EXPECT_EQ(received[0].find("secret-path"), std::string::npos);
}

}  // namespace
}  // namespace kanaria::aws

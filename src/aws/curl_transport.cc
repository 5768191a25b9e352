#include "aws/curl_transport.h"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "aws/proxy_settings.h"
#include "aws/url.h"
#include "core/ascii.h"

// 7.80 brought CURLOPT_PREREQFUNCTION (how we know whether a request was sent), 7.85
// CURLOPT_PROTOCOLS_STR.
#if LIBCURL_VERSION_NUM < 0x075500
#error "kanaria needs libcurl 7.85 or newer"
#endif

namespace kanaria::aws {
namespace {

// Idle connections the transport keeps open for reuse. libcurl's default (4 per easy handle
// currently added) shrinks to a handful once a batch is done; a SendAll of a few dozen requests
// should find its connections still there next time.
constexpr long kIdleConnectionsKept = 64;
// Upper bound on one wait for socket activity; libcurl's own timers and curl_multi_wakeup end
// the wait sooner, so this only bounds how stale a missed event could be.
constexpr int kPollIntervalMs = 1000;

CURLcode InitCurlOnce() {
  // curl_global_init is not thread-safe and must run once per process, before any other call.
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

// "host:port" (IPv6 in brackets) for messages: never userinfo, path or query.
std::string HostAndPort(const ParsedUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

}  // namespace

// Outside the anonymous namespace: CurlTransport::Impl, which has external linkage, holds it.
namespace curl_internal {

// One request in flight: its easy handle and what libcurl's callbacks write.
struct Transfer {
  explicit Transfer(const HttpRequest& r) : request(r) {}
  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    curl_slist_free_all(header_lines);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  const HttpRequest& request;  // outlives the transfer: POSTFIELDS points into its body
  ParsedUrl url;
  std::string proxy_description;  // "host:port" of the proxy, "" when direct
  CURL* easy = nullptr;
  curl_slist* header_lines = nullptr;
  HttpResponse response;
  // How many times libcurl was about to write the request onto a connection. More than once
  // means libcurl is re-sending on its own (it does when a reused connection dies before any
  // response byte); we refuse that, because the first copy may have been executed.
  int send_attempts = 0;
  bool resend_refused = false;
  char error_buffer[CURL_ERROR_SIZE] = {};
  // Set once finished; written by whichever thread drives the multi handle, under Impl::mu.
  std::optional<StatusOr<HttpResponse>> result;
};

}  // namespace curl_internal

using curl_internal::Transfer;

namespace {

using Transfers = std::vector<std::unique_ptr<Transfer>>;

bool AllFinished(const Transfers& transfers) {
  return std::all_of(transfers.begin(), transfers.end(),
                     [](const auto& t) { return t->result.has_value(); });
}

// libcurl callbacks are C frames: nothing may be thrown through them.
size_t OnBodyBytes(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  try {
    transfer->response.body.append(data, size * count);
  } catch (...) {
    return 0;  // CURLE_WRITE_ERROR
  }
  return size * count;
}

size_t OnHeaderLine(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  HttpHeaders& headers = transfer->response.headers;
  try {
    if (line.starts_with("HTTP/")) {
      // A status line starts a new response: what came before was an interim 1xx.
      headers.clear();
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      // Obsolete line folding continues the previous header's value.
      if (!headers.empty()) headers.back().second += " " + std::string(TrimSpacesAndTabs(line));
    } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
      headers.emplace_back(std::string(line.substr(0, colon)),
                           std::string(TrimSpacesAndTabs(line.substr(colon + 1))));
    }
  } catch (...) {
    return 0;
  }
  return size * count;
}

int OnAboutToSend(void* user, char*, char*, int, int) {
  auto* transfer = static_cast<Transfer*>(user);
  if (++transfer->send_attempts > 1) {
    transfer->resend_refused = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

// What a failed transfer means for the caller: was the request maybe executed, is it a timeout.
Status TransportFailure(const Transfer& t, CURLcode code) {
  using Kind = TransportError::Kind;
  // libcurl writes the request only after the pre-request callback: before it, DNS, TCP, TLS
  // and any proxy tunnel were still being set up and not one byte of the request had left.
  const bool maybe_sent = t.send_attempts > 0;
  StatusCode status_code = StatusCode::kUnavailable;
  Kind kind = Kind::kOther;
  std::string what;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      kind = Kind::kDnsFailure;
      what = "could not resolve the host name";
      break;
    case CURLE_COULDNT_RESOLVE_PROXY:
      kind = Kind::kDnsFailure;
      what = "could not resolve the proxy's host name";
      break;
    case CURLE_COULDNT_CONNECT:
      kind = Kind::kConnectFailed;
      what = "could not connect";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      status_code = StatusCode::kDeadlineExceeded;
      kind = maybe_sent ? Kind::kTimeout : Kind::kConnectFailed;
      what = maybe_sent ? "no complete response before the timeout"
                        : "timed out before the connection was established";
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
      kind = Kind::kTlsFailure;
      what = "TLS handshake or certificate verification failed";
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      kind = Kind::kConnectionReset;
      what = "the connection was closed or reset before the response was complete";
      break;
    case CURLE_WEIRD_SERVER_REPLY:
      kind = Kind::kMalformedResponse;
      what = "the reply is not HTTP/1.1";
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      if (t.resend_refused) {
        kind = Kind::kConnectionReset;
        what = "a reused connection closed before any response; not re-sent";
      } else {
        what = "aborted while storing the response";
      }
      break;
    default:
      what = "transfer failed";
      break;
  }
  long proxy_answer = 0;
  curl_easy_getinfo(t.easy, CURLINFO_HTTP_CONNECTCODE, &proxy_answer);
  if (!maybe_sent && proxy_answer >= 300) {
    kind = Kind::kConnectFailed;
    what = "the proxy refused the tunnel (HTTP " + std::to_string(proxy_answer) + ")";
  }
  if (!maybe_sent && (kind == Kind::kConnectionReset || kind == Kind::kMalformedResponse)) {
    // Broke while the connection (or proxy tunnel) was being set up.
    kind = Kind::kConnectFailed;
  }
  if (maybe_sent &&
      (kind == Kind::kDnsFailure || kind == Kind::kConnectFailed || kind == Kind::kTlsFailure)) {
    // Only when libcurl reconnected for a request it had already written on a reused
    // connection that then died: the first copy may have run.
    kind = Kind::kConnectionReset;
  }
  std::string message = t.request.method + " " + HostAndPort(t.url);
  if (!t.proxy_description.empty()) message += " via proxy " + t.proxy_description;
  message += ": " + what + " (";
  message += t.error_buffer[0] != '\0' ? t.error_buffer : curl_easy_strerror(code);
  message += ")";
  return Status(status_code, std::move(message),
                std::make_shared<TransportError>(kind, maybe_sent));
}

// Rejects what could corrupt the request on the wire (a line break in a header would let a
// value smuggle in headers of its own). Messages name the header, never its value.
Status ValidateRequest(const HttpRequest& request, const ParsedUrl& url) {
  if (url.scheme != "http" && url.scheme != "https") {
    return InvalidInputError("unsupported URL scheme \"" + url.scheme + "\" (http or https only)");
  }
  if (!IsHttpToken(request.method)) return InvalidInputError("invalid HTTP method");
  for (const auto& [name, value] : request.headers) {
    if (!IsHttpToken(name)) return InvalidInputError("invalid HTTP header name \"" + name + "\"");
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return InvalidInputError("HTTP header \"" + name + "\" has a line break or NUL in its value");
    }
  }
  return Status::Ok();
}

}  // namespace

struct CurlTransport::Impl {
  CurlTransportOptions options;
  ProxySettings proxies;
  CURLM* multi = nullptr;
  // Shares the TLS session cache between easy handles, so a new connection to a host resumes
  // the session of an earlier one. (Connections and DNS are shared by the multi handle.)
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::atomic<long> connections_opened{0};

  // Any caller thread may drive the multi handle, one at a time: the driver adds queued
  // transfers, runs libcurl and records every finished transfer, whoever owns it. When its own
  // transfers are done it steps down and a waiting caller takes over.
  std::mutex mu;                     // guards the members below and Transfer::result
  std::condition_variable progress;  // a transfer finished or the driver stepped down
  bool driving = false;
  std::vector<Transfer*> queued;    // prepared, not yet added to the multi handle
  std::vector<Transfer*> in_multi;  // touched only by the driver

  Status Prepare(Transfer& t);
  std::vector<StatusOr<HttpResponse>> Run(const std::vector<const HttpRequest*>& requests);
  void Drive(std::unique_lock<std::mutex>& lock, const Transfers& own);
  StatusOr<HttpResponse> Finish(Transfer& t, CURLcode code);
};

Status CurlTransport::Impl::Prepare(Transfer& t) {
  const HttpRequest& request = t.request;
  ASSIGN_OR_RETURN(t.url, ParseUrl(request.url));
  RETURN_IF_ERROR(ValidateRequest(request, t.url));
  if (InitCurlOnce() != CURLE_OK || multi == nullptr || share == nullptr) {
    return InternalError("libcurl failed to initialise");
  }
  t.easy = curl_easy_init();
  if (t.easy == nullptr) return InternalError("libcurl could not create a transfer");

  const bool default_port = t.url.port == DefaultPortForScheme(t.url.scheme);
  const std::string proxy = proxies.ProxyFor(t.url.scheme, t.url.host, t.url.port, default_port);
  if (!proxy.empty()) {
    auto parsed_proxy = ParseUrl(proxy);
    t.proxy_description = parsed_proxy.ok() ? HostAndPort(*parsed_proxy) : "(unparsable proxy URL)";
  }

  bool sends_body = !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                    request.method == "PATCH";
  bool has_accept = false, has_expect = false, has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    has_accept |= strcasecmp(name.c_str(), "Accept") == 0;
    has_expect |= strcasecmp(name.c_str(), "Expect") == 0;
    has_content_type |= strcasecmp(name.c_str(), "Content-Type") == 0;
    // "Name;" is libcurl's spelling of a header with an empty value ("Name:" would remove it).
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    curl_slist* extended = curl_slist_append(t.header_lines, line.c_str());
    if (extended == nullptr) return InternalError("out of memory building request headers");
    t.header_lines = extended;
  }
  // Headers libcurl would add on its own; "Name:" removes them, so the request carries exactly
  // the caller's headers (plus Host and Content-Length, derived from what the signature covers).
  std::vector<const char*> suppressed;
  if (!has_accept) suppressed.push_back("Accept:");  // botocore sends none
  if (!has_expect) suppressed.push_back("Expect:");  // no 100-continue round trip for > 1 KiB
  if (sends_body && !has_content_type) suppressed.push_back("Content-Type:");  // not a form
  for (const char* line : suppressed) {
    curl_slist* extended = curl_slist_append(t.header_lines, line);
    if (extended == nullptr) return InternalError("out of memory building request headers");
    t.header_lines = extended;
  }

  CURL* easy = t.easy;
  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(easy, option, value);
  };
  set(CURLOPT_URL, request.url.c_str());
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_PATH_AS_IS, 1L);  // the signature covers the path byte for byte: no "/../" folding
  // HTTP/1.1 as botocore speaks it; also keeps header names as the server spells them.
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(CURLOPT_FOLLOWLOCATION, 0L);  // AWS APIs do not redirect: a 3xx is just a response
  set(CURLOPT_NOSIGNAL, 1L);        // no SIGALRM-based DNS timeouts in a threaded program
  set(CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(std::max<long long>(1, request.connect_timeout.count())));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(1, request.total_timeout.count())));
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  set(CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  set(CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!options.ca_bundle.empty()) set(CURLOPT_CAINFO, options.ca_bundle.c_str());
  // Our decision, not libcurl's reading of the environment: "" means no proxy, and an empty
  // NOPROXY keeps libcurl from applying NO_PROXY a second time.
  set(CURLOPT_PROXY, proxy.c_str());
  set(CURLOPT_NOPROXY, "");
  // The signed headers go to the endpoint only, never into a CONNECT to the proxy; and the
  // proxy's "200 Connection established" is not part of the response.
  set(CURLOPT_HEADEROPT, static_cast<long>(CURLHEADER_SEPARATE));
  set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  set(CURLOPT_SHARE, share);
  if (request.method == "HEAD" && request.body.empty()) {
    set(CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    set(CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else {
    set(CURLOPT_HTTPGET, 1L);
    if (request.method != "GET") set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  set(CURLOPT_HTTPHEADER, t.header_lines);
  set(CURLOPT_WRITEFUNCTION, OnBodyBytes);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
  set(CURLOPT_HEADERFUNCTION, OnHeaderLine);
  set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
  set(CURLOPT_PREREQFUNCTION, OnAboutToSend);
  set(CURLOPT_PREREQDATA, static_cast<void*>(&t));
  set(CURLOPT_ERRORBUFFER, t.error_buffer);
  set(CURLOPT_PRIVATE, static_cast<void*>(&t));
  if (rc != CURLE_OK) {
    return InternalError(std::string("libcurl rejected an option: ") + curl_easy_strerror(rc));
  }
  return Status::Ok();
}

StatusOr<HttpResponse> CurlTransport::Impl::Finish(Transfer& t, CURLcode code) {
  long connects = 0;
  if (curl_easy_getinfo(t.easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
    connections_opened += connects;
  }
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    // The caller's URL, not the network: retrying cannot help, so no TransportError.
    return InvalidInputError(t.request.method + " " + HostAndPort(t.url) +
                             ": libcurl rejected the URL (" + curl_easy_strerror(code) + ")");
  }
  if (code != CURLE_OK) return TransportFailure(t, code);
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return std::move(t.response);
}

void CurlTransport::Impl::Drive(std::unique_lock<std::mutex>& lock, const Transfers& own) {
  std::vector<std::pair<Transfer*, StatusOr<HttpResponse>>> finished;
  auto record_finished = [&] {  // REQUIRES: lock held
    if (finished.empty()) return;
    for (auto& [transfer, result] : finished) transfer->result.emplace(std::move(result));
    finished.clear();
    progress.notify_all();
  };
  while (true) {
    for (Transfer* t : queued) {
      const CURLMcode added = curl_multi_add_handle(multi, t->easy);
      if (added == CURLM_OK) {
        in_multi.push_back(t);
      } else {
        finished.emplace_back(t, InternalError(std::string("libcurl could not start a transfer: ") +
                                               curl_multi_strerror(added)));
      }
    }
    queued.clear();
    record_finished();
    if (AllFinished(own)) return;

    lock.unlock();
    // Newly added transfers set libcurl's timer to zero, so the first wait returns at once.
    CURLMcode rc = curl_multi_poll(multi, nullptr, 0, kPollIntervalMs, nullptr);
    int running = 0;
    if (rc == CURLM_OK) rc = curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;  // `message` dies with remove_handle
      void* owner = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
      curl_multi_remove_handle(multi, easy);
      auto* t = static_cast<Transfer*>(owner);
      std::erase(in_multi, t);
      finished.emplace_back(t, Finish(*t, code));
    }
    if (rc != CURLM_OK) {
      // The multi handle itself failed (out of memory, broken poll): nothing in it can finish.
      for (Transfer* t : in_multi) {
        curl_multi_remove_handle(multi, t->easy);
        finished.emplace_back(t, Status(StatusCode::kUnavailable,
                                        std::string("libcurl failed: ") + curl_multi_strerror(rc),
                                        std::make_shared<TransportError>(
                                            TransportError::Kind::kOther, t->send_attempts > 0)));
      }
      in_multi.clear();
    }
    lock.lock();
  }
}

std::vector<StatusOr<HttpResponse>> CurlTransport::Impl::Run(
    const std::vector<const HttpRequest*>& requests) {
  Transfers transfers;
  transfers.reserve(requests.size());
  for (const HttpRequest* request : requests) {
    auto t = std::make_unique<Transfer>(*request);
    if (Status prepared = Prepare(*t); !prepared.ok()) t->result.emplace(std::move(prepared));
    transfers.push_back(std::move(t));
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    for (const auto& t : transfers) {
      if (!t->result.has_value()) queued.push_back(t.get());
    }
    // The current driver may be asleep in curl_multi_poll; it adds our transfers when woken.
    if (driving) curl_multi_wakeup(multi);
    while (!AllFinished(transfers)) {
      if (driving) {
        progress.wait(lock);
        continue;
      }
      driving = true;
      Drive(lock, transfers);
      driving = false;
      progress.notify_all();  // another caller's transfers may still be running
    }
  }
  std::vector<StatusOr<HttpResponse>> results;
  results.reserve(transfers.size());
  for (auto& t : transfers) results.push_back(std::move(*t->result));
  return results;
}

namespace {

void LockShare(CURL*, curl_lock_data data, curl_lock_access, void* user) {
  static_cast<std::array<std::mutex, CURL_LOCK_DATA_LAST>*>(user)->at(data).lock();
}

void UnlockShare(CURL*, curl_lock_data data, void* user) {
  static_cast<std::array<std::mutex, CURL_LOCK_DATA_LAST>*>(user)->at(data).unlock();
}

}  // namespace

CurlTransport::CurlTransport(CurlTransportOptions options) : impl_(std::make_unique<Impl>()) {
  InitCurlOnce();
  impl_->options = std::move(options);
  impl_->proxies = ProxySettings::FromEnvironment();
  impl_->multi = curl_multi_init();
  if (impl_->multi != nullptr) {
    curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, kIdleConnectionsKept);
    curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_NOTHING));
    if (impl_->options.max_host_connections > 0) {
      curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                        impl_->options.max_host_connections);
    }
  }
  impl_->share = curl_share_init();
  if (impl_->share != nullptr) {
    curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, LockShare);
    curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, UnlockShare);
    curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, &impl_->share_locks);
    curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

CurlTransport::~CurlTransport() {
  // REQUIRES: no Send/SendAll in progress. Easy handles are gone by now; the multi handle
  // closes the cached connections, which may still refer to shared TLS sessions.
  if (impl_->multi != nullptr) curl_multi_cleanup(impl_->multi);
  if (impl_->share != nullptr) curl_share_cleanup(impl_->share);
}

StatusOr<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  return std::move(impl_->Run({&request}).front());
}

std::vector<StatusOr<HttpResponse>> CurlTransport::SendAll(
    const std::vector<HttpRequest>& requests) {
  std::vector<const HttpRequest*> pointers;
  pointers.reserve(requests.size());
  for (const HttpRequest& request : requests) pointers.push_back(&request);
  return impl_->Run(pointers);
}

long CurlTransport::connections_opened() const {
  return impl_->connections_opened.load();
}

}  // namespace kanaria::aws

// How an emulated operation answers with an AWS error. Handlers throw ApiError; the dispatcher
// (and only it) catches it and writes the protocol's error document. The exception never leaves
// the emulator: it is the emulator's internal "return an error from any depth" path, which keeps
// the many validation checks of AWS's semantics one line each.
#pragma once

#include <stdexcept>
#include <string>

namespace kanaria::emulator {

struct ApiError : std::runtime_error {
  ApiError(std::string error_code, std::string error_message, int status = 400,
           bool is_sender_fault = true)
      : std::runtime_error(error_message),
        code(std::move(error_code)),
        message(std::move(error_message)),
        http_status(status),
        sender_fault(is_sender_fault) {}
  std::string code;     // AWS error code: "ServiceNotFoundException", "ValidationError"
  std::string message;  // AWS's wording where known
  int http_status;
  bool sender_fault;    // query protocol <Type>Sender</Type> vs Receiver
};

[[noreturn]] inline void Fail(std::string code, std::string message, int http_status = 400) {
  throw ApiError(std::move(code), std::move(message), http_status);
}

}  // namespace kanaria::emulator

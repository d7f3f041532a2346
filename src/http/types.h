#pragma once

// The HTTP vocabulary every route speaks: Beast messages with string bodies, held whole in
// memory (request bodies are bounded by ServerOptions::max_body_bytes).

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

namespace confide::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;
// Not `Status`: that name is confide::Status, the success-or-Error value.
using HttpStatus = boost::beast::http::status;
using Field = boost::beast::http::field;

}  // namespace confide::http

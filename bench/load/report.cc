// The final report (see report.h).

#include "report.h"

#include <cstdio>

namespace confide::load {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

void Field(std::string& out, const char* name) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += name;
  out += "\":";
}

void Number(std::string& out, const char* name, std::uint64_t value) {
  Field(out, name);
  out += std::to_string(value);
}

}  // namespace

std::string ReportJson(const SendResult& sends, const DeliveryResult& deliveries) {
  std::string out = "{";
  Field(out, "sent");
  out += '[';
  for (std::size_t l = 0; l < sends.sent.size(); ++l) {
    if (l > 0) out += ',';
    out += std::to_string(sends.sent[l]);
  }
  out += ']';
  Number(out, "sentInWindow", sends.sent_in_window);
  Field(out, "failed");
  out += '[';
  for (std::size_t i = 0; i < sends.failures.size(); ++i) {
    const Failure& f = sends.failures[i];
    if (i > 0) out += ',';
    out += '[' + std::to_string(f.lane) + ',' + std::to_string(f.seq) + ',' +
           std::to_string(f.status) + ']';
  }
  out += ']';
  Field(out, "failedExamples");
  out += '[';
  for (std::size_t i = 0; i < sends.failures.size() && i < ThreadContext::kFailureExamples; ++i) {
    const Failure& f = sends.failures[i];
    if (i > 0) out += ',';
    out += "{\"lane\":" + std::to_string(f.lane) + ",\"seq\":" + std::to_string(f.seq) +
           ",\"status\":" + std::to_string(f.status) + ",\"body\":";
    AppendJsonString(out, f.body);
    out += '}';
  }
  out += ']';
  Field(out, "restLatency");
  sends.rest_latency.AppendSparseJson(out);
  Field(out, "latency");
  deliveries.latency.AppendSparseJson(out);
  Field(out, "latencyOtherNode");
  deliveries.latency_other_node.AppendSparseJson(out);
  Number(out, "deliveredInWindow", deliveries.delivered_in_window);
  Number(out, "lost", deliveries.lost);
  Number(out, "duplicates", deliveries.duplicates);
  Number(out, "outOfOrder", deliveries.out_of_order);
  Number(out, "closed", deliveries.closed);
  Field(out, "orderHashes");
  out += '[';
  for (std::size_t i = 0; i < deliveries.order_hashes.size(); ++i) {
    if (i > 0) out += ',';
    out += '[' + std::to_string(deliveries.order_hashes[i].first) + ',' +
           std::to_string(deliveries.order_hashes[i].second) + ']';
  }
  out += "]}";
  return out;
}

}  // namespace confide::load

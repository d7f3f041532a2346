#pragma once

// The report confide_load prints at the end, one line of JSON on stdout that fanout.mjs
// reads:
//   sent               per lane, messages accepted (the last 201's sequence number + 1)
//   sentInWindow       201s of the requests started in the window
//   failed             every failed send as [lane, seq, status] (status 0: no response)
//   failedExamples     the first few as {lane, seq, status, body} (body: the first 200 bytes)
//   restLatency        POST → 201 of the requests started in the window
//   latency            POST start → new_message, of the messages sent in the window
//   latencyOtherNode   the same, for deliveries by a node other than the one POSTed to
//   deliveredInWindow  new_message frames (not duplicates) that arrived in the window
//   lost, duplicates, outOfOrder, closed (unexpected closes)
//   orderHashes        the distinct [room, hash] pairs: one per room when every recipient
//                      of a room saw the same order
// The histograms are sparse: [[bucket, count], ...] with lib.mjs's Histogram buckets.

#include <string>

#include "shard.h"

namespace confide::load {

std::string ReportJson(const SendResult& sends, const DeliveryResult& deliveries);

}  // namespace confide::load

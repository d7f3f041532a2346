#pragma once

// Applies a Delivery to this process's sockets: each event serialized and framed once, then
// sent on the sockets' own threads.
//
// Thread-safety: any thread; the sockets are reached on their threads.

#include "realtime/delivery.h"
#include "socketio/namespace.h"

namespace confide::realtime {

// Takes the delivery: its rooms become the broadcast's.
void Deliver(socketio::Namespace& nsp, Delivery delivery);

}  // namespace confide::realtime

#include "http/upgrade.h"

namespace confide::http {

TcpSocket MoveSocket(TcpSocket socket, boost::asio::io_context& target) {
  if (&socket.get_executor().context() == &target) return socket;
  boost::system::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  TcpSocket moved(target.get_executor());
  if (ec) return moved;
  const auto handle = socket.release(ec);
  if (ec) return moved;
  moved.assign(protocol, handle, ec);
  return moved;
}

}  // namespace confide::http

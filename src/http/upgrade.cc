#include "http/upgrade.h"

#include <boost/asio/write.hpp>
#include <memory>

namespace confide::http {

void RejectUpgrade(TcpSocket socket, HttpStatus status, std::string_view body) {
  struct Rejection {
    TcpSocket socket;
    std::string bytes;
  };
  auto rejection = std::make_shared<Rejection>(Rejection{std::move(socket), {}});
  const auto reason = boost::beast::http::obsolete_reason(status);
  rejection->bytes = "HTTP/1.1 " + std::to_string(static_cast<unsigned>(status)) + " " +
                     std::string(reason.data(), reason.size()) +
                     "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     "Content-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
  boost::asio::async_write(rejection->socket, boost::asio::buffer(rejection->bytes),
                           [rejection](boost::system::error_code, std::size_t) {
                             boost::system::error_code ec;
                             rejection->socket.shutdown(TcpSocket::shutdown_both, ec);
                             rejection->socket.close(ec);
                           });
}

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

// A webhook receiver for the event benchmark: answers 204 to every POST and counts the
// events of the batches it received. Prints "listening PORT" once ready; on SIGTERM prints
// "received N events in M requests".
import http from 'node:http';

let events = 0;
let requests = 0;
const server = http.createServer((req, res) => {
  let n = 0;
  req.on('data', () => {});
  req.on('end', () => {
    n = Number(req.headers['x-confide-event-count'] ?? 0);
    events += n;
    requests += 1;
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => {
  console.log(`received ${events} events in ${requests} requests`);
  process.exit(0);
});

// The training worker's script (linked after the Emscripten glue of the worker build,
// cmake/web.cmake: cnn_train_worker; src/web/worker/train_worker.cpp): messages from the page
// wait until the runtime is up, then go into C++ one by one; training runs in slices with the
// worker's event loop between them, so a new command (pause, settings) is read within one
// slice. Every byte's meaning is C++'s (src/app/train/worker_protocol.h).
var cnnWorkerQueue = [], cnnWorkerUp = false, cnnWorkerScheduled = false;
var cnnWorkerTick = new MessageChannel();
function cnnWorkerTake(buffer) {
  var bytes = new Uint8Array(buffer);
  var ptr = Module._cnn_worker_buffer(bytes.length);
  HEAPU8.set(bytes, ptr);  // HEAPU8 after the call: the buffer may have grown memory
  Module._cnn_worker_command(bytes.length);
  cnnWorkerSchedule();
}
function cnnWorkerSchedule() {
  if (cnnWorkerScheduled) return;
  cnnWorkerScheduled = true;
  cnnWorkerTick.port2.postMessage(0);
}
cnnWorkerTick.port1.onmessage = function () {
  cnnWorkerScheduled = false;
  if (Module._cnn_worker_work()) cnnWorkerSchedule();
};
self.onmessage = function (e) {
  if (!(e.data instanceof ArrayBuffer)) return;
  if (cnnWorkerUp) cnnWorkerTake(e.data);
  else cnnWorkerQueue.push(e.data);
};
Module.onRuntimeInitialized = function () {
  cnnWorkerUp = true;
  Module._cnn_worker_ready();
  cnnWorkerQueue.splice(0).forEach(cnnWorkerTake);
};

// `npm start` as a user runs it, on free ports, building into a folder of its own.
export { startDemoServer as startDemoProcess, type DemoServer as DemoProcess } from '../../scripts/demo-server.mjs';

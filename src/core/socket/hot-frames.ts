// The receive path's hand-written frame checks live with the schemas they mirror.
export { checkHotFrame, checkServerFrame } from '../protocol/fast-checks.js';

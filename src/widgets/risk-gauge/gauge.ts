import { svg, type SVGTemplateResult } from 'lit';
import { cssomStyle } from '../shared/cssom-style.js';

const CX = 60;
const CY = 60;
const R = 48;

/** The point of the arc at `score` (0 on the left, 100 on the right). */
function pointAt(score: number): [number, number] {
  const angle = Math.PI * (1 - Math.min(100, Math.max(0, score)) / 100);
  return [CX + R * Math.cos(angle), CY - R * Math.sin(angle)];
}

const arc = (to: number) => {
  const [x, y] = pointAt(to);
  // A half circle at most, so the small-arc flag always fits.
  return `M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
};

/**
 * A half-circle gauge: a track, the filled arc up to the score in the level's colour, and a needle.
 * Decorative: the element around it is the `meter` that carries the value for assistive technology.
 */
export function gauge(score: number): SVGTemplateResult {
  const rotation = (Math.min(100, Math.max(0, score)) * 1.8 - 90).toFixed(2);
  return svg`
    <path class="track" d=${arc(100)} fill="none" stroke-width="10" stroke-linecap="round"></path>
    ${score > 0 ? svg`<path class="value" d=${arc(score)} fill="none" stroke-width="10" stroke-linecap="round"></path>` : svg``}
    <g part="needle" class="needle" ${cssomStyle({ transform: `rotate(${rotation}deg)` })}>
      <line x1=${CX} y1=${CY} x2=${CX} y2=${CY - R + 6} stroke-width="3" stroke-linecap="round"></line>
      <circle cx=${CX} cy=${CY} r="5"></circle>
    </g>`;
}

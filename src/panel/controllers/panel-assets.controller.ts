import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/**
 * The panel's only script: a live countdown for holds (progressive enhancement — without it the
 * page still says until when the name is held). Elements `[data-expires]` get "mm:ss left",
 * counted against the server's clock at render time (`data-now`) so a wrong clock on the phone
 * does not matter, and the "expired" sentence at zero. Served from our origin so the CSP can stay
 * `script-src 'self'` (no inline script anywhere).
 */
export const COUNTDOWN_JS = `(function () {
  var els = Array.prototype.slice.call(document.querySelectorAll('[data-expires]'));
  if (!els.length) return;
  var start = Date.now();
  function tick() {
    els.forEach(function (el) {
      var skew = Date.parse(el.getAttribute('data-now')) - start;
      var left = Math.floor((Date.parse(el.getAttribute('data-expires')) - (Date.now() + skew)) / 1000);
      if (left <= 0) { el.textContent = el.getAttribute('data-expired'); el.classList.add('expired'); return; }
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = ' (' + el.getAttribute('data-left').replace('{time}', m + ':' + (s < 10 ? '0' : '') + s) + ')';
    });
  }
  tick();
  setInterval(tick, 1000);
})();
`;

@ApiExcludeController()
@Controller('panel/assets')
export class PanelAssetsController {
  @Get('countdown.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('X-Content-Type-Options', 'nosniff')
  countdown(): string {
    return COUNTDOWN_JS;
  }
}

// The explainer page's widget front end: the live widgets and nothing else.
//
// It replaces voila.js (a JupyterLab application: rendermime, output areas, themes, MathJax,
// federated extensions) with:
// - one ManagerBase subclass that knows @jupyter-widgets/base and @jupyter-widgets/controls only,
// - one KernelConnection (from @jupyterlab/services) to the kernel the page was made with.
//
// On DOMContentLoaded it reads #jupyter-config-data (baseUrl, kernelId), connects to the kernel,
// loads every widget's state from the kernel over the `jupyter.widget.control` comm, then draws
// each <script type="application/vnd.voila.cell-output+json"> in place, as Voila 0.5 does
// (packages/voila/src/plugins/outputs/plugins.ts): a widget view for widget-view+json, the HTML
// for text/html, the text for text/plain.
import * as base from '@jupyter-widgets/base';
import * as controls from '@jupyter-widgets/controls';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { KernelConnection } from '@jupyterlab/services/lib/kernel/default';
import { CommsOverSubshells } from '@jupyterlab/services/lib/kernel/comm';
import { ServerConnection } from '@jupyterlab/services/lib/serverconnection';
import { MessageLoop } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';

const WIDGET_VIEW_MIMETYPE = 'application/vnd.jupyter.widget-view+json';
const CELL_OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';
const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
};

export class PageWidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this._views = new Set();
    this._restoring = null;
    this.restoredStatus = false;
    // Widgets the kernel makes later (a click that builds new widgets) arrive as comm_open.
    kernel.registerCommTarget(this.comm_target_name, (comm, msg) =>
      this.handle_comm_open(new base.shims.services.Comm(comm), msg)
    );
    // As jupyterlab-manager's KernelWidgetManager: a restarting kernel has lost every widget
    // (the views are marked jupyter-widgets-disconnected, which static/connection.js watches);
    // a socket that reconnects to the same kernel asks for the states again.
    kernel.statusChanged.connect((_, status) => {
      if (status === 'restarting') this.disconnect();
    });
    kernel.connectionStatusChanged.connect((_, status) => {
      if (status === 'connected' && !this._restoring) {
        this.restoreWidgets().catch((error) => this.reportRestoreFailure(error));
      }
    });
    window.addEventListener('resize', () => {
      this._views.forEach((view) =>
        MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize)
      );
    });
  }

  restoreWidgets() {
    if (!this._restoring) {
      this._restoring = this._loadFromKernel()
        .then(() => {
          this.restoredStatus = true;
        })
        .finally(() => {
          this._restoring = null;
        });
    }
    return this._restoring;
  }

  // Leaving the page disposes the kernel connection, which cancels the requests still waiting
  // for a reply (a comm_info_request after a reconnect, say): not a failure, the page is going.
  // A real failure leaves the widgets as they were; static/connection.js shows the notice if
  // the kernel is gone.
  reportRestoreFailure(error) {
    if (!this.kernel.isDisposed) console.error('Could not load the widget states', error);
  }

  async loadClass(className, moduleName) {
    const module = MODULES[moduleName];
    if (!module) throw new Error(`Module ${moduleName} is not available on this page`);
    const cls = module[className];
    if (!cls) throw new Error(`Class ${className} not found in module ${moduleName}`);
    return cls;
  }

  async _create_comm(target_name, model_id, data, metadata, buffers) {
    const comm = this.kernel.createComm(target_name, model_id);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === 'ok' ? reply.content.comms : {};
  }

  callbacks() {
    return {};
  }

  // The view goes in a Lumino panel classed as jupyterlab-manager's WidgetRenderer
  // (`lm-Widget lm-Panel jp-OutputArea-output`), which the page's CSS and scripts expect.
  async renderInto(container, modelId) {
    const panel = new Panel();
    panel.addClass('jp-OutputArea-output');
    panel.node.setAttribute('data-mime-type', WIDGET_VIEW_MIMETYPE);
    Widget.attach(panel, container);
    if (!modelId) {
      panel.hide();
      return;
    }
    let view;
    try {
      const model = await this.get_model(modelId);
      view = await this.create_view(model);
    } catch (error) {
      // The same words as jupyterlab-manager, which static/explainer.js recognises.
      panel.node.textContent = 'Error displaying widget: model not found';
      panel.addClass('jupyter-widgets');
      console.error(error);
      return;
    }
    panel.addWidget(view.luminoWidget);
    this._views.add(view);
    view.once('remove', () => this._views.delete(view));
  }
}

function readConfig() {
  const el = document.getElementById('jupyter-config-data');
  return el ? JSON.parse(el.textContent) : {};
}

function renderPlain(container, data) {
  const div = document.createElement('div');
  div.className = 'lm-Widget jp-OutputArea-output';
  if (data['text/html'] !== undefined) {
    div.classList.add('jp-RenderedHTMLCommon', 'jp-RenderedHTML');
    div.setAttribute('data-mime-type', 'text/html');
    const html = data['text/html'];
    div.innerHTML = Array.isArray(html) ? html.join('') : html;
  } else if (data['text/plain'] !== undefined) {
    div.classList.add('jp-RenderedText');
    div.setAttribute('data-mime-type', 'text/plain');
    const pre = document.createElement('pre');
    const text = data['text/plain'];
    pre.textContent = Array.isArray(text) ? text.join('') : text;
    div.appendChild(pre);
  } else {
    return;
  }
  container.appendChild(div);
}

function shutdownOnLeave(baseUrl, kernel) {
  // As Voila's widget manager: ask the server to end the kernel when the page goes away
  // (static/explainer.js makes sure the _xsrf cookie exists, and repeats this on pagehide).
  window.addEventListener('beforeunload', () => {
    const data = new FormData();
    const matches = document.cookie.match('\\b_xsrf=([^;]*)\\b');
    data.append('_xsrf', (matches && matches[1]) || '');
    navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernel.id}`, data);
    kernel.dispose();
  });
}

async function start() {
  const config = readConfig();
  const baseUrl = config.baseUrl || '/';
  const kernelId = config.kernelId;
  const outputs = Array.from(document.querySelectorAll(CELL_OUTPUT));
  if (!kernelId) return;

  const absolute = new URL(baseUrl, window.location.href);
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: absolute.href,
    wsUrl: absolute.href.replace(/^http/, 'ws'),
  });
  // No REST call for the kernel's model: the page already names the kernel.
  const kernel = new KernelConnection({
    model: { id: kernelId, name: config.kernelName || 'python3' },
    serverSettings,
    handleComms: true,
    // @jupyterlab/services 7.6 would put each comm target on a kernel subshell (ipykernel 7
    // offers them) with a create_subshell_request, a message the server drops
    // (server/kernels.py lets widget messages through only). Voila's services 7.2 had no subshells.
    commsOverSubshells: CommsOverSubshells.Disabled,
  });
  shutdownOnLeave(baseUrl, kernel);
  const manager = new PageWidgetManager(kernel);

  try {
    await manager.restoreWidgets();
  } catch (error) {
    manager.reportRestoreFailure(error);
  }

  await Promise.all(
    outputs.map((script) => {
      let output;
      try {
        output = JSON.parse(script.textContent);
      } catch (error) {
        console.error('Unreadable cell output', error);
        return null;
      }
      const container = script.parentElement;
      if (!container) return null;
      container.removeChild(script);
      const data = output.data || {};
      const view = data[WIDGET_VIEW_MIMETYPE];
      if (view) return manager.renderInto(container, view.model_id);
      renderPlain(container, data);
      return null;
    })
  );
  // static/explainer.js shows #rendered_cells (and hides the first paint) only once
  // window.themeLoaded is set (Voila's theme plugin set it). Set here, once every view is in
  // place: showing the cells earlier, empty, then filling them moved the page (CLS 0.78).
  window.themeLoaded = true;
  if (typeof window.voila_finish === 'function') window.voila_finish();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}

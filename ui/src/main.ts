import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

async function start() {
  // In a plain browser during development there is no Tauri backend: use an in-memory one.
  const browserDev = import.meta.env.DEV && !('__TAURI_INTERNALS__' in window);
  if (browserDev) {
    const { installBrowserMock } = await import('./dev/browserMock');
    installBrowserMock();
  }
  const target = document.getElementById('app');
  if (!target) throw new Error('#app element missing');
  mount(App, { target });
  if (browserDev) {
    const { applyDevParams } = await import('./dev/browserMock');
    await applyDevParams();
  }
}

void start();

import vue from '@vitejs/plugin-vue';
import { isCrwElement } from 'crypto-risk-widgets/vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Vue renders the widgets' tags as custom elements instead of looking for Vue components.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: isCrwElement } } })],
  build: { target: 'es2022' },
});

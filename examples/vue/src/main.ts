import { createApp } from 'vue';
// Registers the elements; `crypto-risk-widgets/vue` adds their types to Vue's GlobalComponents.
import 'crypto-risk-widgets/define';
import 'crypto-risk-widgets/vue';
import App from './App.vue';

createApp(App).mount('#app');

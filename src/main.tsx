import './app/theme/mantine.css';
import '@mantine/notifications/styles.css';
import './app/theme/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootstrap } from './app/bootstrap';
import { App } from './app/providers';

const { context, router } = await bootstrap();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App router={router} context={context} />
  </StrictMode>,
);

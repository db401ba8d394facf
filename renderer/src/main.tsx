import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { httpBackend } from './backend/http-backend';
import { bridge, ipcBackend } from './backend/ipc-backend';
import './styles.css';

const b = bridge();
const backend = b ? ipcBackend(b) : httpBackend();
createRoot(document.getElementById('root')!).render(<StrictMode><App backend={backend} /></StrictMode>);

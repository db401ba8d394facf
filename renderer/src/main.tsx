import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Guard } from './components/Guard';
import { httpBackend } from './backend/http-backend';
import { bridge, ipcBackend } from './backend/ipc-backend';
import './styles.css';

const b = bridge();
const backend = b ? ipcBackend(b) : httpBackend();
createRoot(document.getElementById('root')!).render(<StrictMode><Guard what="this report"><App backend={backend} /></Guard></StrictMode>);

import { buildPillarsApp } from './pillars-app.js';

buildPillarsApp().app.synth();

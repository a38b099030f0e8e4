/**
 * Child process that runs tesseract's orientation detection for ocr.ts. It has a process of its
 * own because its legacy engine costs ~60 MB: beside a reading engine grown by a 12 MP photo, it
 * pushed the OCR process past its memory cap.
 */
import type { OrientationTask, OrientationTaskReply } from './ocr.js';
import { createOrientationDetector, type OrientationDetector } from './ocr-orientation.js';
import { serveTasks } from './process-child.js';

let detector: OrientationDetector | null = null;

serveTasks<OrientationTask, OrientationTaskReply>(async (task) => {
  detector ??= createOrientationDetector(task.dataDir);
  return { turn: await detector.detect(Buffer.from(task.image)) };
});

export type { UploadDestination, UploadItem, UploadState, PickedFile } from './model';
export { UploadDropTarget, type UploadDropTargetProps } from './components/upload-drop-target';
export { UploadButton, type UploadButtonProps } from './components/upload-button';
export { UploadDropzone, type UploadDropzoneProps } from './components/upload-dropzone';

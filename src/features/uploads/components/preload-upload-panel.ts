/**
 * The app shell loads the upload panel once there are uploads; pages that upload fetch its code ahead (an effect
 * on mount), so that the first files picked or dropped are listed at once.
 */
export function preloadUploadPanel(): void {
  void import('./upload-panel');
}

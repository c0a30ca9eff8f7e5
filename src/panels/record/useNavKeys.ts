import { useEffect } from 'react';

/** K = previous, J = next (as in the seed's record view), unless the user is typing somewhere. */
export function useNavKeys(onPrev: (() => void) | undefined, onNext: (() => void) | undefined) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) {
        return;
      }
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) {
        return;
      }
      const key = e.key.toLowerCase();
      if (key === 'k' && onPrev) {
        e.preventDefault();
        onPrev();
      } else if (key === 'j' && onNext) {
        e.preventDefault();
        onNext();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onPrev, onNext]);
}

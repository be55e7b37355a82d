import type { ViewProps } from '../app.tsx';
import { View } from '../components/notice.tsx';
import { useTitle } from '../router.tsx';

// Placeholder until this view is built (issue 12).
export default function SlosView(_props: ViewProps) {
  useTitle('slos');
  return (
    <View title="slos">
      <p className="muted">Not built yet.</p>
    </View>
  );
}

import type { ViewProps } from '../app.tsx';
import { View } from '../components/notice.tsx';
import { useTitle } from '../router.tsx';

// Placeholder until this view is built (issue 12).
export default function OncallView(_props: ViewProps) {
  useTitle('oncall');
  return (
    <View title="oncall">
      <p className="muted">Not built yet.</p>
    </View>
  );
}
